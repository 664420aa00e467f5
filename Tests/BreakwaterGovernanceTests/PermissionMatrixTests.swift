import BreakwaterCore
import Foundation
import Testing

@testable import BreakwaterGovernance

/// The permission matrix: its asymmetry, and the table in `docs/governance.md`.
@Suite struct PermissionMatrixTests {
    /// No role loosens at once: a risk-increasing action is a DAO proposal, or the guardians' supermajority lift of
    /// an automated pause after review.
    @Test func nothingRiskIncreasingTakesEffectAtOnce() {
        for action in GovernedAction.Kind.allCases where !action.reducesRisk {
            for role in Role.allCases {
                let path = PermissionMatrix.path(for: role, action)
                #expect(
                    path == .denied || path == .proposal
                        || (action == .liftAutomatedPause && path == .supermajorityAfterReview),
                    "\(role) \(action)"
                )
            }
        }
    }

    @Test func theDAOMayProposeAnythingAndObserversNothing() {
        for action in GovernedAction.Kind.allCases {
            #expect(PermissionMatrix.path(for: .governor, action) == .proposal)
            #expect(PermissionMatrix.path(for: .observer, action) == .denied)
            #expect(
                PermissionMatrix.path(for: .operator, action)
                    == (action == .lowerLimit || action == .tightenBand ? .immediate : .denied)
            )
        }
    }

    @Test func guardiansTightenAtOnceButCannotMakeTheirPauseLast() {
        for action in GovernedAction.Kind.allCases
        where action.reducesRisk && action != .confirmPause && action != .emergencyHotfix {
            #expect(PermissionMatrix.path(for: .guardian, action) == .immediate, "\(action)")
        }
        #expect(PermissionMatrix.path(for: .guardian, .confirmPause) == .denied)
        #expect(PermissionMatrix.path(for: .guardian, .emergencyHotfix) == .shortTimelock)
    }

    /// docs/governance.md prints the matrix: every row as the code has it.
    @Test func theDocumentedTableIsTheMatrix() throws {
        let doc = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/governance.md")
        let text = try String(contentsOf: doc, encoding: .utf8)
        for action in GovernedAction.Kind.allCases {
            let paths = Role.allCases.map { PermissionMatrix.path(for: $0, action).rawValue }
            let row =
                "| `\(action.rawValue)` | \(action.reducesRisk ? "yes" : "no") | " + paths.joined(separator: " | ")
                + " |"
            #expect(text.contains(row), "missing or different: \(row)")
        }
        for code in GovernanceError.Code.allCases {
            #expect(text.contains("`\(code.rawValue)`"), "\(code) is not documented")
        }
    }
}
