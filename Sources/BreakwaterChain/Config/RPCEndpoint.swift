import Foundation

/// A node's JSON-RPC URL. The URL may hold a key (`https://eth.example/v3/KEY`, `https://user:pass@…`), so it is
/// shown only as ``redacted``: in logs, errors, the status and the journal.
public struct RPCEndpoint: Sendable, Hashable, CustomStringConvertible {
    /// The whole URL, to send to; never shown.
    public let url: String
    /// `scheme://host:port`: what is shown.
    public let redacted: String

    /// The endpoint at `url`, an `http` or `https` URL with a host.
    ///
    /// - Throws: a message that does not repeat the URL, only what is wrong with it.
    public init(url: String) throws(EndpointError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw EndpointError(message: "is not a URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw EndpointError(message: "is not an http or https URL")
        }
        guard let host = components.host, !host.isEmpty else { throw EndpointError(message: "has no host") }
        self.url = url
        redacted = "\(scheme)://\(host):\(components.port ?? (scheme == "https" ? 443 : 80))"
    }

    public var description: String { redacted }

    /// Why a URL is not an endpoint, in words that do not repeat it.
    public struct EndpointError: Error, Sendable {
        public var message: String
    }
}
