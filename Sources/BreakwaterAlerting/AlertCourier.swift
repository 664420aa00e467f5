import BreakwaterPipeline
import Foundation
import Logging

/// Delivers alerts to one target: tries again with backoff a failure that may pass, and turns an alert that could
/// not be delivered into a ``DeadLetter``.
///
/// It logs the target's name and the outcome, never the URL or the secret.
struct AlertCourier: Sendable {
    let target: AlertTarget
    let transport: any AlertTransport
    let retry: RetryPolicy
    let sleep: @Sendable (Duration) async throws -> Void
    let logger: Logger

    /// Delivers `alert`, trying again as ``retry`` says.
    ///
    /// - Returns: `nil` once delivered, else the dead letter.
    func deliver(_ alert: Alert) async -> DeadLetter? {
        let request = AlertRequest(alert, for: target)
        var attempts = 0
        while true {
            attempts += 1
            let failure: String
            let isTransient: Bool
            do {
                let status = try await transport.post(url: target.url, headers: request.headers, body: request.body)
                if (200..<300).contains(status) {
                    logger.info(
                        "alert delivered",
                        metadata: ["target": "\(target.name)", "event": "\(alert.event)", "status": "\(status)"]
                    )
                    return nil
                }
                failure = "HTTP \(status)"
                isTransient = status >= 500 || status == 429
            } catch {
                failure = redacted(String(describing: error))
                isTransient = true
            }
            logger.warning(
                "alert delivery failed",
                metadata: [
                    "target": "\(target.name)", "event": "\(alert.event)", "attempt": "\(attempts)",
                    "status": "\(failure)",
                ]
            )
            guard isTransient, attempts < retry.maxAttempts else {
                return deadLetter(alert, attempts: attempts, failure: failure)
            }
            do {
                try await self.sleep(retry.delay(afterAttempt: attempts))
            } catch {
                return deadLetter(alert, attempts: attempts, failure: failure)
            }
        }
    }

    private func deadLetter(_ alert: Alert, attempts: Int, failure: String) -> DeadLetter {
        logger.error(
            "alert dead-lettered",
            metadata: ["target": "\(target.name)", "event": "\(alert.event)", "attempts": "\(attempts)"]
        )
        return DeadLetter(
            target: target.name,
            incident: alert.incident.id,
            dedupKey: alert.incident.dedupKey,
            state: alert.state,
            attempts: attempts,
            lastError: failure
        )
    }

    /// `text` (an error's description) without the target's URL, the path and query it holds, or its secret.
    private func redacted(_ text: String) -> String {
        var text = text
        for secret in [target.url, Self.pathAndQuery(of: target.url), target.secret ?? ""] where secret.count > 1 {
            text = text.replacingOccurrences(of: secret, with: "…")
        }
        return text
    }

    /// `/services/T0/B0/XYZ?token=…` of `https://hooks.example.com/services/T0/B0/XYZ?token=…`.
    private static func pathAndQuery(of url: String) -> String {
        guard let scheme = url.range(of: "://") else { return "" }
        let rest = url[scheme.upperBound...]
        guard let start = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) else { return "" }
        return String(rest[start...])
    }
}
