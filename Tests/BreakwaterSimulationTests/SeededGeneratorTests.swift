import BreakwaterSimulation
import Foundation
import Testing

@Suite struct SeededGeneratorTests {
    @Test func theSameSeedGivesTheSameSequence() {
        var a = SeededGenerator(seed: 1)
        var b = SeededGenerator(seed: 1)
        var c = SeededGenerator(seed: 2)
        let first = (0..<100).map { _ in a.next() }
        #expect(first == (0..<100).map { _ in b.next() })
        #expect(first != (0..<100).map { _ in c.next() })
    }

    @Test func normalsHaveMeanZeroAndUnitVariance() {
        var generator = SeededGenerator(seed: 99)
        let samples = (0..<20_000).map { _ in generator.normal() }
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples.count)
        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.05)
    }

    @Test func pathsStartWhereAskedAndStayPositive() {
        var generator = SeededGenerator(seed: 5)
        var diffusion = JumpDiffusion(start: 100)
        (diffusion.volatility, diffusion.jumpsPerDay) = (2, 50)
        let path = diffusion.path(
            steps: 5_000,
            stepMilliseconds: 10_000,
            using: &generator
        )
        #expect(path.count == 5_001)
        #expect(path[0] == 100)
        #expect(path.allSatisfy { $0 > 0 && $0.isFinite })
    }
}
