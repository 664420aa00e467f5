/// What checking a stored journal found.
public struct JournalVerification: Sendable, Hashable {
    /// How many records verified.
    public var verified: Int
    /// The hash of the last record that verified.
    public var head: String
    /// The first record that did not verify; `nil` when the whole journal did.
    public var failure: ChainVerifier.Failure?

    /// Whether the whole journal verified.
    public var isIntact: Bool { failure == nil }

    /// Reads every record of `store` in order and checks it (``ChainVerifier``), stopping at the first that fails.
    ///
    /// - Parameter progress: called with the count verified after each page read.
    /// - Throws: ``JournalError`` if the store cannot be read.
    public static func check(
        _ store: any JournalStore,
        pageSize: Int = 65_536,
        progress: (Int) -> Void = { _ in }
    ) async throws(JournalError) -> JournalVerification {
        var verifier = ChainVerifier()
        do {
            // From the lowest sequence there could be, so a record stored below 1 is seen too.
            try await store.forEachPage(from: .min, pageSize: pageSize) { page in
                try verifier.verify(page)
                progress(verifier.count)
            }
            try verifier.finish()
        } catch let failure as ChainVerifier.Failure {
            return JournalVerification(verified: verifier.count, head: verifier.head, failure: failure)
        } catch {
            throw JournalError.wrapping(error)
        }
        return JournalVerification(verified: verifier.count, head: verifier.head, failure: nil)
    }
}
