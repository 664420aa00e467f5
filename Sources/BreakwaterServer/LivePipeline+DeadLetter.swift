import BreakwaterAlerting
import BreakwaterCore
import BreakwaterEngine
import BreakwaterPipeline

extension LivePipeline {
    /// Records an alert that could not be delivered as an `alert_failed` note on its incident, in the journal. The
    /// note names the target and the failure, never the target's address or secret.
    func record(_ deadLetter: DeadLetter) async throws(SubmissionError) {
        var text =
            "alert to \(deadLetter.target) (\(deadLetter.state.rawValue)) not delivered after \(deadLetter.attempts) attempts: \(deadLetter.lastError)"
        while text.utf8.count > Note.maximumTextBytes { text.removeLast() }
        _ = try await take(Note(action: .alertFailed, author: "service", incident: deadLetter.incident, text: text))
    }
}
