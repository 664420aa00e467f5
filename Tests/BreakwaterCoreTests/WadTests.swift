import PropertyBased
import Testing

@testable import BreakwaterCore

@Suite struct WadTests {
    @Test func parsesExactDecimals() throws {
        #expect(try Wad(parsing: "1").raw == Wad.scale)
        #expect(try Wad(parsing: "-0.25").raw == -Wad.scale / 4)
        #expect(try Wad(parsing: "+3.").raw == 3 * Wad.scale)
        #expect(try Wad(parsing: ".5").raw == Wad.scale / 2)
        #expect(try Wad(parsing: "0.000000000000000001").raw == 1)
    }

    @Test func refusesMoreThanEighteenDecimals() {
        #expect(throws: MoneyError.self) { try Wad(parsing: "0.0000000000000000001") }
        do {
            _ = try Wad(parsing: "1.1234567890123456789")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .tooManyDecimals)
            #expect(error.message.contains("18 decimal places"))
        }
    }

    @Test(arguments: ["", "-", ".", "1.2.3", "1e5", " 1", "0x10", "abc", "1,000"])
    func refusesGarbage(_ text: String) {
        #expect(throws: MoneyError.self) { try Wad(parsing: text) }
    }

    @Test func refusesOverflowingText() {
        #expect(throws: MoneyError.self) { try Wad(parsing: "170141183460469231732") }
        #expect(throws: MoneyError.self) { try Wad(parsing: "99999999999999999999999999999999999999999") }
    }

    @Test func printsWithoutTrailingZeros() throws {
        #expect(Wad(42).description == "42")
        #expect(try Wad(parsing: "-1.50").description == "-1.5")
        #expect(Wad(raw: -1).description == "-0.000000000000000001")
        #expect(Wad(raw: .min).description.hasPrefix("-170141183460469231731.687303715884105728"))
    }

    @Test func multipliesLargeValuesThroughAFullWidthIntermediate() throws {
        // 483 million contracts × $0.91: the raw product (≈ 4.4 × 10⁴⁴) does not fit Int128, the result does.
        let notional = try Wad(parsing: "483000000").multiplied(by: Wad(parsing: "0.91"), rounding: .down)
        #expect(notional == (try Wad(parsing: "439530000")))
    }

    @Test func roundsInTheDirectionAsked() throws {
        let third = try Wad.one.divided(by: Wad(3), rounding: .down)
        #expect(third.raw == 333_333_333_333_333_333)
        #expect(try Wad.one.divided(by: Wad(3), rounding: .up).raw == 333_333_333_333_333_334)
        // Directional: a negative result rounded down moves away from zero.
        #expect(try Wad(-1).divided(by: Wad(3), rounding: .down).raw == -333_333_333_333_333_334)
        #expect(try Wad(-1).divided(by: Wad(3), rounding: .up).raw == -333_333_333_333_333_333)
        let tiny = Wad(raw: 1)
        #expect(try tiny.multiplied(by: tiny, rounding: .down) == .zero)
        #expect(try tiny.multiplied(by: tiny, rounding: .up) == Wad(raw: 1))
    }

    @Test func reportsOverflowInsteadOfTrapping() {
        let huge = Wad(raw: .max)
        #expect(throws: MoneyError.self) { try huge.adding(Wad(raw: 1)) }
        #expect(throws: MoneyError.self) { try Wad(raw: .min).subtracting(Wad(raw: 1)) }
        #expect(throws: MoneyError.self) { try huge.multiplied(by: Wad(2), rounding: .down) }
        #expect(throws: MoneyError.self) { try Wad.one.divided(by: .zero, rounding: .down) }
        #expect(throws: MoneyError.self) { try Wad(raw: .min).magnitude() }
    }

    @Test func descriptionParsesBackToTheSameValue() async {
        await propertyCheck(count: 500, input: Gen.int64(in: .min ... .max), Gen.int64(in: 0...999_999_999_999_999_999))
        { whole, fraction in
            let raw = Int128(whole) * Wad.scale + (whole < 0 ? -Int128(fraction) : Int128(fraction))
            let value = Wad(raw: raw)
            #expect((try? Wad(parsing: value.description)) == value)
        }
    }

    /// Whole parts beyond 64 bits take the slow path; both write the same digits, into a String or a buffer.
    @Test func wholePartsBeyondSixtyFourBitsPrintExactly() async {
        await propertyCheck(count: 300, input: Gen.int64(in: .min ... .max), Gen.int64(in: 0...999_999_999_999_999_999))
        { high, fraction in
            let raw = Int128(high) * 10 * Wad.scale + (high < 0 ? -Int128(fraction) : Int128(fraction))
            let value = Wad(raw: raw)
            var bytes: [UInt8] = [UInt8(ascii: "x")]
            value.appendDecimal(to: &bytes)
            #expect(bytes == [UInt8(ascii: "x")] + Array(value.description.utf8))
            #expect((try? Wad(parsing: value.description)) == value)
        }
        #expect(Wad(raw: .min).description == "-170141183460469231731.687303715884105728")
        #expect(Wad(raw: .max).description == "170141183460469231731.687303715884105727")
    }

    @Test func roundingDownNeverExceedsRoundingUp() async {
        await propertyCheck(
            count: 500,
            input: Gen.int64(in: -1_000_000_000_000...1_000_000_000_000),
            Gen.int64(in: 1...1_000_000_000_000)
        ) { a, b in
            let x = Wad(raw: Int128(a) * 1_000_003)
            let y = Wad(raw: Int128(b) * 999_983)
            let down = try! x.divided(by: y, rounding: .down)
            let up = try! x.divided(by: y, rounding: .up)
            #expect(down <= up)
            #expect(up.raw - down.raw <= 1)
            // Multiplying back brackets the original value.
            #expect(try! down.multiplied(by: y, rounding: .down) <= x)
            #expect(try! up.multiplied(by: y, rounding: .up) >= x)
        }
    }
}

@Suite struct DeterministicMathTests {
    @Test func seriesAgreeWithTheirDefinitions() {
        for x in stride(from: -20.0, through: 20.0, by: 0.37) {
            let e = DeterministicMath.exp(x)
            #expect(abs(DeterministicMath.log(e) - x) < 1e-12)
        }
        #expect(DeterministicMath.exp(0) == 1)
        #expect(DeterministicMath.exp2(10) == 1024)
        #expect(abs(DeterministicMath.exp(1) - 2.718_281_828_459_045) < 1e-15)
        #expect(abs(DeterministicMath.cos(.pi) + 1) < 1e-15)
        #expect(DeterministicMath.exp(-1_000) == 0)
    }

    /// Stopping the series once a term no longer changes the sum gives the bits of all twenty terms.
    @Test func expStopsEarlyWithTheFullSeriesBits() {
        func fullSeries(_ x: Double) -> Double {
            let ln2 = 0.693_147_180_559_945_3
            let n = (x / ln2).rounded()
            let r = x - n * ln2
            var term = 1.0
            var sum = 1.0
            for k in 1...20 {
                term *= r / Double(k)
                sum += term
            }
            return sum * Double(sign: .plus, exponent: Int(n), significand: 1)
        }
        var x = -700.0
        while x < 700 {
            #expect(DeterministicMath.exp(x).bitPattern == fullSeries(x).bitPattern, "\(x)")
            x += 0.0137
        }
        for tiny in [1e-300, -1e-12, 3e-4, -0.0003333, 0.1, -0.5] {
            #expect(DeterministicMath.exp(tiny).bitPattern == fullSeries(tiny).bitPattern, "\(tiny)")
        }
    }
}

/// The 64-bit path for short decimals gives what the digit-by-digit parser gives, on valid and broken text.
@Suite struct WadParsingTests {
    @Test func shortDecimalsParseAsDigitByDigit() async {
        let characters = Gen.element(of: Array("01234567890123456789012345678901234567890123456789.-+e x".utf8))
            .compactMap { $0 }.array(of: 0...40)
        await propertyCheck(count: 2_000, input: characters) { text in
            text.withUnsafeBufferPointer { bytes in
                #expect(
                    Wad.parse(utf8: bytes) == Wad.parseDigitByDigit(bytes),
                    "\(String(decoding: text, as: UTF8.self))"
                )
            }
        }
    }

    @Test(arguments: [
        "1.", ".5", "+3.", "-0", "000000000000000001.000000000000000001", "999999999999999999.999999999999999999",
    ])
    func edgesOfTheShortPath(_ text: String) {
        var text = text
        text.withUTF8 { #expect(Wad.parse(utf8: $0) == Wad.parseDigitByDigit($0)) }
    }
}
