/// Work over indices on a task group, a bounded number at a time, results in index order.
enum Parallel {
    /// `work` for `0..<count`, at most `jobs` at a time; `progress` gets the number done and `count` after each.
    static func map<Result: Sendable>(
        _ count: Int,
        jobs: Int,
        progress: @Sendable (Int, Int) -> Void,
        work: @escaping @Sendable (Int) -> Result
    ) async -> [Result] {
        var results = [Result?](repeating: nil, count: count)
        await withTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func startNext() {
                guard next < count else { return }
                let index = next
                group.addTask { (index, work(index)) }
                next += 1
            }
            for _ in 0..<Swift.max(1, jobs) { startNext() }
            var done = 0
            for await (index, result) in group {
                results[index] = result
                done += 1
                progress(done, count)
                startNext()
            }
        }
        return results.compactMap { $0 }
    }
}
