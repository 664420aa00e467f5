import BigInt
import BreakwaterChain
import BreakwaterCore
import BreakwaterEVM
import BreakwaterFormats
import Foundation
import Testing

/// The `executor` section of chain.yml: the pauser's key from the environment or a file (never repeated), the fee
/// caps in gwei, and which actions become which calls. Each problem names its key path.
@Suite struct ExecutorConfigTests {
    typealias F = ChainFixtures
    static let key = "0x" + String(repeating: "46", count: 32)
    static let section = """

        executor:
          key_env: BREAKWATER_PAUSER_KEY
          max_fee_gwei: "200"
          max_priority_fee_gwei: "1.5"
          actions:
            - action: pause
              scope: {pool: main}
              contract: vault
              call: "pause()"
            - action: freeze
              contract: vault
              call: "freeze(address account)"
              args: ["{account}"]
            - action: halt
              scope: {market: ETH-PERP}
              contract: perp
              call: "setHalted(bool)"
              args: [true]
            - action: unpause
              scope: {protocol: true}
              contract: vault
              call: "unpause()"
            - action: rate_limit
              contract: vault
              call: "setLimit(uint8,int16,address)"
              args: ["255", "-7", "\(F.alice)"]

        """

    static func executor(
        _ section: String = section,
        environment: [String: String] = ["BREAKWATER_PAUSER_KEY": key]
    ) throws -> ExecutorConfig? {
        try F.chain(F.yaml + section, environment: environment).executor
    }

    @Test func theSectionLoadsWithItsDefaults() throws {
        let executor = try #require(try Self.executor())
        #expect(executor.key.address.checksummed == "0x9d8A62f656a8d1615C1294fd71e9CFb3E4855A4F")
        #expect(executor.enforce && executor.bumpAfter == .milliseconds(3_000) && executor.gasLimit == 200_000)
        #expect(executor.maxFeePerGas == BigUInt(200_000_000_000) && executor.maxPriorityFeePerGas == 1_500_000_000)
        #expect(executor.actions.map(\.action) == [.pause, .freeze, .halt, .unpause, .rateLimit])
        #expect(executor.actions.map(\.function.canonical)[1] == "freeze(address)")
        #expect(executor.actions[1].arguments == [.placeholder(.account)])
        #expect(executor.actions[2].arguments == [.literal(.bool(true))])
        #expect(
            executor.actions[4].arguments == [
                .literal(.uint(255)), .literal(.int(-7)), .literal(.address(try EVMAddress(parsing: F.alice))),
            ]
        )
        #expect(try F.chain().executor == nil, "no section: the chain is only read")
    }

    @Test func anActionMatchesTheMappingsWhoseScopeItHasInFileOrder() throws {
        let executor = try #require(try Self.executor())
        let config = try F.config
        let main = try #require(config.poolID(named: "main"))
        let ethPerp = try #require(config.marketID(named: "ETH-PERP"))
        let btcPerp = try #require(config.marketID(named: "BTC-PERP"))
        func calls(_ action: Action) -> [String] { executor.mappings(for: action).map(\.function.canonical) }
        #expect(calls(Action(kind: .pause, scope: .pool(main), reason: "")) == ["pause()"])
        #expect(calls(Action(kind: .pause, scope: .wholeProtocol, reason: "")).isEmpty, "the mapping names pool main")
        #expect(calls(Action(kind: .halt, scope: .market(ethPerp, in: main), reason: "")) == ["setHalted(bool)"])
        #expect(calls(Action(kind: .halt, scope: .market(btcPerp, in: main), reason: "")).isEmpty)
        #expect(calls(Action(kind: .freeze, scope: Scope(account: AccountID(3)), reason: "")) == ["freeze(address)"])
        #expect(calls(Action(kind: .unpause, scope: .pool(main), reason: "")).isEmpty, "the mapping is protocol-wide")
    }

    @Test func liftsAreSentOnlyWhenGovernanceDecidedThem() throws {
        let executor = try #require(try Self.executor())
        let pause = executor.actions[0]
        let unpause = executor.actions[3]
        #expect(pause.sends(Action(kind: .pause, scope: .wholeProtocol, actor: .auto, reason: "")))
        #expect(!pause.sends(Action(kind: .pause, scope: .wholeProtocol, reason: "", isEnforced: false)), "shadow")
        #expect(!unpause.sends(Action(kind: .unpause, scope: .wholeProtocol, actor: .auto, reason: "")))
        #expect(unpause.sends(Action(kind: .unpause, scope: .wholeProtocol, actor: .governance, reason: "")))
        let auto = try #require(
            try Self.executor(
                Self.section.replacingOccurrences(
                    of: "call: \"unpause()\"",
                    with: "call: \"unpause()\"\n      lift: auto"
                )
            )
        )
        #expect(auto.actions[3].sends(Action(kind: .unpause, scope: .wholeProtocol, actor: .auto, reason: "")))
    }

    @Test func theKeyMayComeFromAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pauser-\(UUID()).key").path
        try (Self.key + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let section = Self.section.replacingOccurrences(of: "key_env: BREAKWATER_PAUSER_KEY", with: "key_file: \(path)")
        #expect(try Self.executor(section, environment: [:])?.key.address.checksummed.hasPrefix("0x9d8A") == true)
    }

    @Test(arguments: [
        ("key_env: BREAKWATER_PAUSER_KEY", "key_env: NOPE", "executor.key_env", "the variable NOPE is not set"),
        ("key_env: BREAKWATER_PAUSER_KEY", "", "executor.key_env", "missing"),
        ("max_fee_gwei: \"200\"", "max_fee_gwei: \"2e2\"", "executor.max_fee_gwei", "not an amount of gwei"),
        ("max_fee_gwei: \"200\"", "max_fee_gwei: \"1\"", "executor.max_priority_fee_gwei", "at most max_fee_gwei"),
        (
            "- action: pause", "- action: pause_pool", "executor.actions[0].action",
            "unknown action pause_pool (actions: limit_state"
        ),
        ("scope: {pool: main}", "scope: {pool: deep}", "executor.actions[0].scope.pool", "unknown pool deep"),
        ("scope: {pool: main}", "scope: {account: main}", "executor.actions[0].scope.account", "unknown key"),
        ("scope: {protocol: true}", "scope: {protocol: false}", "executor.actions[3].scope.protocol", "must be true"),
        ("contract: perp", "contract: perps", "executor.actions[2].contract", "unknown contract perps"),
        ("call: \"pause()\"", "call: \"pause\"", "executor.actions[0].call", "is not NAME(TYPE"),
        ("args: [true]", "args: []", "executor.actions[2].args", "takes 1, not 0"),
        ("args: [true]", "args: [\"yes\"]", "executor.actions[2].args[0]", "\"yes\" is not a bool"),
        ("args: [\"{account}\"]", "args: [\"{pool}\"]", "executor.actions[1].args[0]", "{pool} cannot be a address"),
        ("args: [\"{account}\"]", "args: [\"{owner}\"]", "executor.actions[1].args[0]", "unknown placeholder {owner}"),
        ("args: [\"255\",", "args: [\"256\",", "executor.actions[4].args[0]", "256 does not fit a uint8"),
        ("args: [\"255\",", "args: [\"0x10\",", "executor.actions[4].args[0]", "is not a uint8"),
    ])
    func aProblemNamesItsKey(find: String, replace: String, key: String, message: String) throws {
        let section = Self.section.replacingOccurrences(of: find, with: replace)
        #expect(section != Self.section)
        let error = #expect(throws: ConfigError.self) { try Self.executor(section) }
        let issue = error?.issues.first { $0.key == key }
        #expect(issue?.message.contains(message) == true, "\(error?.issues ?? [])")
    }

    @Test func aBadKeyIsNeverRepeated() throws {
        let secret = "0x" + String(repeating: "zz", count: 32)
        let error = #expect(throws: ConfigError.self) {
            try Self.executor(environment: ["BREAKWATER_PAUSER_KEY": secret])
        }
        #expect(error?.issues.first?.key == "executor.key_env")
        #expect(error?.issues.allSatisfy { !$0.message.contains("zzzz") } == true)
    }
}
