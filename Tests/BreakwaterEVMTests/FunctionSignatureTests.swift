import BigInt
import BreakwaterCore
import BreakwaterEVM
import Testing

/// A function call's data: the selector of its canonical signature, then its arguments as the Solidity ABI encodes
/// them (checked against eth-abi 5's encoding of the same values); an argument its type cannot hold is an error.
@Suite struct FunctionSignatureTests {
    @Test func selectorsAreTheKnownOnes() throws {
        let cases = [
            ("pause()", "8456cb59"), ("unpause()", "3f4ba83a"), ("transfer(address to, uint256 amount)", "a9059cbb"),
            ("baz(uint32,bool)", "cdcd77c0"),
        ]
        for (text, selector) in cases {
            #expect(Hex.encode(try FunctionSignature(parsing: text).selector) == selector, "\(text)")
        }
        #expect(try FunctionSignature(parsing: "setHalted( bool halted )").canonical == "setHalted(bool)")
        #expect(try FunctionSignature(parsing: "pause()").callData([]) == [0x84, 0x56, 0xcb, 0x59])
    }

    @Test func theSolidityDocsExampleEncodes() throws {
        let data = try FunctionSignature(parsing: "baz(uint32,bool)").callData([.uint(69), .bool(true)])
        #expect(
            Hex.encode(data)
                == "cdcd77c0" + String(repeating: "0", count: 62) + "45" + String(repeating: "0", count: 63) + "1"
        )
    }

    @Test func staticAndDynamicArgumentsEncodeAsEthABIDoes() throws {
        let function = try FunctionSignature(
            parsing: "f(address,bool,uint8,int256,bytes32,bytes,string)"
        )
        let data = try function.callData([
            .address(try EVMAddress(parsing: "0x00000000000000000000000000000000000a11ce")), .bool(true), .uint(255),
            .int(-2), .bytes([UInt8](repeating: 1, count: 32)), .bytes([0xde, 0xad, 0xbe, 0xef]),
            .string("Hello, world!"),
        ])
        let expected =
            "00000000000000000000000000000000000000000000000000000000000a11ce"
            + "0000000000000000000000000000000000000000000000000000000000000001"
            + "00000000000000000000000000000000000000000000000000000000000000ff"
            + "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe"
            + "0101010101010101010101010101010101010101010101010101010101010101"
            + "00000000000000000000000000000000000000000000000000000000000000e0"
            + "0000000000000000000000000000000000000000000000000000000000000120"
            + "0000000000000000000000000000000000000000000000000000000000000004"
            + "deadbeef00000000000000000000000000000000000000000000000000000000"
            + "000000000000000000000000000000000000000000000000000000000000000d"
            + "48656c6c6f2c20776f726c642100000000000000000000000000000000000000"
        #expect(Hex.encode(data) == Hex.encode(function.selector) + expected)
    }

    @Test(arguments: [
        ("f(uint8)", ABIValue.uint(256), "argument 1: 256 does not fit a uint8"),
        ("f(int8)", ABIValue.int(-129), "does not fit a int8"),
        ("f(int8)", ABIValue.int(127), nil),
        ("f(bytes32)", ABIValue.bytes([1, 2]), "does not fit a bytes32"),
        ("f(address)", ABIValue.bool(true), "argument 1: true is not a address"),
        ("f(bool,bool)", ABIValue.bool(true), "takes 2 arguments, not 1"),
    ])
    func anArgumentItsTypeCannotHoldIsAnError(signature: String, value: ABIValue, message: String?) throws {
        let function = try FunctionSignature(parsing: signature)
        guard let message else {
            #expect(throws: Never.self) { try function.callData([value]) }
            return
        }
        let error = #expect(throws: ABIError.self) { try function.callData([value]) }
        #expect(error?.code == .badValue && error?.message.contains(message) == true, "\(error?.message ?? "")")
    }

    @Test(arguments: ["pause", "(bool)", "1f()", "f(uint7)", "f(bool a b)", "f(,)"])
    func aSignatureThatDoesNotParseIsAnError(text: String) {
        #expect(throws: ABIError.self) { try FunctionSignature(parsing: text) }
    }
}

/// A revert's reason from its data, as `eth_call` gives it back: an `Error(string)` or a `Panic(uint256)`.
@Suite struct RevertReasonTests {
    @Test func anErrorStringAndAPanicAreRead() throws {
        let error = try FunctionSignature(parsing: "Error(string)").callData([.string("only the owner unpauses")])
        #expect(RevertReason.text(of: error) == "only the owner unpauses")
        let panic = try FunctionSignature(parsing: "Panic(uint256)").callData([.uint(0x11)])
        #expect(RevertReason.text(of: panic) == "panic 0x11")
    }

    @Test func dataOfAnotherShapeIsNoReason() throws {
        #expect(RevertReason.text(of: []) == nil)
        let custom = try FunctionSignature(parsing: "Unauthorized(address)").callData([
            .address(try EVMAddress(parsing: "0x00000000000000000000000000000000000a11ce"))
        ])
        #expect(RevertReason.text(of: custom) == nil)
        var cut = try FunctionSignature(parsing: "Error(string)").callData([.string("a long reason, cut short")])
        cut.removeLast(40)
        #expect(RevertReason.text(of: cut) == nil, "a length past the data is no reason, never a crash")
    }
}
