/// Why a call reverted, from its revert data: Solidity's and Vyper's `Error(string)`, or a `Panic(uint256)` code.
public enum RevertReason {
    private static let error: [UInt8] = [0x08, 0xc3, 0x79, 0xa0]
    private static let panic: [UInt8] = [0x4e, 0x48, 0x7b, 0x71]

    /// The reason `data` gives: the message of an `Error(string)`, `panic 0x11` for a `Panic(uint256)`, or `nil` for
    /// data of another shape (a custom error, or none).
    public static func text(of data: [UInt8]) -> String? {
        guard data.count >= 4 + 32 else { return nil }
        let body = Array(data.dropFirst(4))
        switch Array(data.prefix(4)) {
        case panic:
            return "panic 0x" + String(LogDecoder.unsigned(Array(body.prefix(32))), radix: 16)
        case error:
            let reason = try? LogDecoder.dynamic(at: Array(body.prefix(32)), in: body, as: .string, "reason")
            guard case .string(let text) = reason else { return nil }
            return text
        default:
            return nil
        }
    }
}
