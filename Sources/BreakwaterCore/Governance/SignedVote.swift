/// One voter's signed vote on a DAO proposal: the vote counts with the voter's power in the snapshot.
///
/// What is signed (``signingBytes``) binds the vote to one deployment and one proposal; a key votes once on a
/// proposal, so a vote needs no nonce.
public struct SignedVote: Sendable, Hashable, Codable {
    public var domain: String
    /// The proposal's number, from 1 in the order proposals were made.
    public var proposal: UInt64
    public var support: Support
    /// The voter's 32-byte public key.
    public var voter: [UInt8]
    /// 64 bytes: Ed25519 over ``signingBytes``.
    public var signature: [UInt8]

    public enum Support: String, Sendable, Hashable, Codable, CaseIterable {
        case `for`, against, abstain
    }

    public init(domain: String, proposal: UInt64, support: Support, voter: [UInt8], signature: [UInt8] = []) {
        self.domain = domain
        self.proposal = proposal
        self.support = support
        self.voter = voter
        self.signature = signature
    }

    /// The bytes a voter signs, as `docs/governance.md` specifies them: a tag and version, the domain, the proposal
    /// and the support.
    public var signingBytes: [UInt8] {
        var bytes = Array("breakwater-vote".utf8)
        bytes += [1, 0]  // version 1, UInt16 little-endian
        SigningBytes.append(domain, to: &bytes)
        SigningBytes.append(proposal, to: &bytes)
        SigningBytes.append(support.rawValue, to: &bytes)
        return bytes
    }
}

/// The field encodings of signed bytes: little-endian integers, strings as a `UInt32` length and UTF-8.
enum SigningBytes {
    static func append(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        append(UInt32(utf8.count), to: &bytes)
        bytes += utf8
    }

    static func append(_ text: String?, to bytes: inout [UInt8]) {
        guard let text else { return bytes.append(0) }
        bytes.append(1)
        append(text, to: &bytes)
    }

    static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
    }
}
