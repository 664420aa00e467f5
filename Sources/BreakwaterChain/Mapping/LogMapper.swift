import BigInt
public import BreakwaterCore
import BreakwaterEVM
import BreakwaterFormats

/// Turns the logs of a chain into Breakwater events, as `chain.yml` maps them, and writes them as lines of the
/// event stream (`docs/events.md`).
///
/// A log that does not decode, or whose values the config cannot name (a token not in `tokens`, a number beyond
/// what an 18-decimal `Int128` holds), is a ``ChainError`` (`badLog`) naming its block, transaction and index.
public struct LogMapper: Sendable {
    public let config: ProtocolConfig
    /// The accounts the events name, in the order they first appeared.
    public private(set) var accounts = AccountDirectory()
    private let mappings: [MappingKey: EventMapping]
    private let tokens: [EVMAddress: ChainConfig.Token]
    private let decimalsByAsset: [Int: Int]
    private let encoder: EventEncoder

    private struct MappingKey: Hashable {
        var address: EVMAddress
        var topic: [UInt8]
    }

    /// A mapper of `chain`'s logs into events of `config`.
    public init(config: ProtocolConfig, chain: ChainConfig) {
        self.config = config
        var mappings: [MappingKey: EventMapping] = [:]
        for mapping in chain.mappings {
            mappings[MappingKey(address: mapping.address, topic: mapping.signature.topic)] = mapping
        }
        self.mappings = mappings
        tokens = Dictionary(chain.tokens.map { ($0.address, $0) }, uniquingKeysWith: { first, _ in first })
        decimalsByAsset = Dictionary(
            chain.tokens.map { (Int($0.asset.index), $0.decimals) },
            uniquingKeysWith: { first, _ in first }
        )
        encoder = EventEncoder(config: config)
    }

    /// The event `log` is, at its block's `time`; `nil` for a log no mapping takes.
    public mutating func event(for log: ChainLog, at time: Timestamp) throws(ChainError) -> Event? {
        guard let topic = log.topics.first, let mapping = mappings[MappingKey(address: log.address, topic: topic)]
        else { return nil }
        do {
            let values = try mapping.decoder.decode(topics: log.topics, data: log.data)
            var reader = FieldReader(mapping: mapping, values: values, mapper: self)
            let payload = try reader.payload()
            accounts = reader.mapper.accounts
            return Event(timestamp: time, provenance: log.provenance, payload: payload)
        } catch let error as ABIError {
            throw ChainError(
                .badLog,
                "\(log.place): \(mapping.signature.canonical) of \(mapping.contract): \(error.message)"
            )
        } catch let error as FieldError {
            throw ChainError(
                .badLog,
                "\(log.place): \(mapping.signature.canonical) of \(mapping.contract): \(error.message)"
            )
        } catch {
            throw ChainError(.badLog, "\(log.place): \(error)")
        }
    }

    /// The event stream's line for `event`, without a newline.
    public func line(for event: Event) -> String {
        encoder.line(for: event, accounts: accounts)
    }

    /// What a field's value cannot be, in words.
    struct FieldError: Error {
        var message: String
    }

    /// Reads one log's fields into an event's payload.
    private struct FieldReader {
        let mapping: EventMapping
        let values: [String: ABIValue]
        var mapper: LogMapper

        mutating func payload() throws(FieldError) -> Event.Payload {
            switch mapping.kind {
            case .oracle:
                let feed = FeedID(try index("feed"))
                let asset = has("asset") ? AssetID(try index("asset")) : nil
                return .oracle(
                    OracleUpdate(
                        feed: feed,
                        asset: asset ?? mapper.config.feed(feed).asset,
                        price: try wad("price"),
                        confidence: has("confidence") ? try wad("confidence") : nil,
                        publishTime: has("publish_ts") ? try time("publish_ts") : nil
                    )
                )
            case .deposit: return .deposit(try movement())
            case .withdraw: return .withdraw(try movement())
            case .lpAdd: return .lpAdd(try movement())
            case .lpRemove: return .lpRemove(try movement())
            case .transfer:
                return .transfer(
                    PoolTransfer(
                        account: try account("account"),
                        asset: AssetID(try index("asset")),
                        amount: try amount(),
                        fromPool: PoolID(try index("from_pool")),
                        toPool: PoolID(try index("to_pool"))
                    )
                )
            case .trade:
                return .trade(
                    Trade(
                        market: MarketID(try index("market")),
                        account: try account("account"),
                        size: try wad("size"),
                        limitPrice: has("price") ? try wad("price") : nil
                    )
                )
            case .liquidate:
                return .liquidate(
                    Liquidation(
                        account: try account("account"),
                        pool: PoolID(try index("pool")),
                        liquidator: has("liquidator") ? try account("liquidator") : nil,
                        market: has("market") ? MarketID(try index("market")) : nil
                    )
                )
            case .funding:
                return .funding(market: MarketID(try index("market")))
            case .optionWrite:
                return .optionWrite(
                    OptionWrite(series: try series(), account: try account("account"), size: try wad("size"))
                )
            case .optionBuy:
                return .optionBuy(
                    OptionPurchase(
                        series: try series(),
                        account: try account("account"),
                        seller: try account("seller"),
                        size: try wad("size"),
                        premium: try wad("premium")
                    )
                )
            case .optionSettle:
                return .optionSettle(OptionSettlement(series: try series(), account: try account("account")))
            case .optionExpire:
                return .optionExpire(try series())
            case .tick, .block, .reorg, .governance, .signedAction, .vote, .queue, .execute, .note:
                throw FieldError(message: "\(mapping.kind.rawValue) cannot come from a log")
            }
        }

        private mutating func movement() throws(FieldError) -> AssetMovement {
            AssetMovement(
                pool: PoolID(try index("pool")),
                account: try account("account"),
                asset: AssetID(try index("asset")),
                amount: try amount()
            )
        }

        private func series() throws(FieldError) -> OptionSeries {
            guard case .optionType(let type) = try value("option_type") else { throw mismatch("option_type") }
            return OptionSeries(
                market: OptionMarketID(try index("market")),
                type: type,
                strike: try wad("strike"),
                expiry: try time("expiry")
            )
        }

        /// Whether the mapping gives `field`: an optional field may be left out.
        private func has(_ field: String) -> Bool { mapping.fields[field] != nil }

        private func index(_ field: String) throws(FieldError) -> Int {
            guard case .index(let index) = try value(field) else { throw mismatch(field) }
            return index
        }

        private mutating func account(_ field: String) throws(FieldError) -> AccountID {
            guard case .account(let name) = try value(field) else { throw mismatch(field) }
            return mapper.accounts.intern(name)
        }

        private func wad(_ field: String, decimals fallback: Int? = nil) throws(FieldError) -> Wad {
            guard case .wad(let wad) = try value(field, decimals: fallback) else { throw mismatch(field) }
            return wad
        }

        private func time(_ field: String) throws(FieldError) -> Timestamp {
            guard case .time(let time) = try value(field) else { throw mismatch(field) }
            return time
        }

        /// The amount, in its token's decimals unless the mapping gives its own.
        private func amount() throws(FieldError) -> Wad {
            try wad("amount", decimals: mapper.decimalsByAsset[try index("asset")])
        }

        private func mismatch(_ field: String) -> FieldError {
            FieldError(message: "\(field) is not what the mapping says it is")
        }

        /// The value of `field`: its constant, or its parameter read as the mapping says.
        private func value(_ field: String, decimals fallback: Int? = nil) throws(FieldError) -> FieldValue {
            switch mapping.fields[field] {
            case nil:
                throw FieldError(message: "\(field) is not mapped")
            case .constant(let value):
                return value
            case .parameter(let reading):
                guard let value = values[reading.name] else {
                    throw FieldError(message: "\(field): parameter \(reading.name) is missing")
                }
                if let table = reading.values {
                    guard let mapped = table[value.description] else {
                        throw FieldError(message: "\(field): \(reading.name) = \(value) is not in its values table")
                    }
                    return mapped
                }
                return try read(value, as: reading, field: field, decimals: reading.decimals ?? fallback)
            }
        }

        private func read(
            _ value: ABIValue,
            as reading: ParameterReading,
            field: String,
            decimals: Int?
        ) throws(FieldError) -> FieldValue {
            let config = mapper.config
            switch (reading.role, value) {
            case (.account, .address(let address)):
                return .account(address.description)
            case (.asset, .address(let address)):
                guard let token = mapper.tokens[address] else {
                    throw FieldError(message: "\(field): token \(address) is not in tokens")
                }
                return .index(Int(token.asset.index))
            case (.feed, .string(let name)), (.asset, .string(let name)), (.pool, .string(let name)),
                (.market, .string(let name)), (.optionMarket, .string(let name)), (.optionType, .string(let name)):
                let id: Int? =
                    switch reading.role {
                    case .feed: config.feedID(named: name).map { Int($0.index) }
                    case .asset: config.assetID(named: name).map { Int($0.index) }
                    case .pool: config.poolID(named: name).map { Int($0.index) }
                    case .market: config.marketID(named: name).map { Int($0.index) }
                    case .optionMarket: config.optionMarketID(named: name).map { Int($0.index) }
                    default: nil
                    }
                if reading.role == .optionType, let type = OptionType(rawValue: name) { return .optionType(type) }
                guard let id else { throw FieldError(message: "\(field): \(name) is not a name of the config") }
                return .index(id)
            case (.amount, _), (.decimal, _):
                var number = try integer(value, field)
                if let flag = reading.negateIf, values[flag] == .bool(true) { number.negate() }
                guard let decimals else { throw FieldError(message: "\(field): its decimals are unknown") }
                return .wad(try Self.wad(number, decimals: decimals, field))
            case (.time, _):
                let number = try integer(value, field) * BigInt(reading.millisecondsPerUnit ?? 1)
                guard number >= 0, let milliseconds = Int64(exactly: number) else {
                    throw FieldError(message: "\(field): \(value) is not a time")
                }
                return .time(Timestamp(milliseconds: milliseconds))
            default:
                throw FieldError(message: "\(field) cannot come from \(value)")
            }
        }

        private func integer(_ value: ABIValue, _ field: String) throws(FieldError) -> BigInt {
            switch value {
            case .uint(let number): BigInt(number)
            case .int(let number): number
            default: throw FieldError(message: "\(field): \(value) is not a number")
            }
        }

        /// `number` written with `decimals` decimals, as a ``Wad``: digits past the 18th are dropped toward zero.
        static func wad(_ number: BigInt, decimals: Int, _ field: String) throws(FieldError) -> Wad {
            let scaled =
                decimals <= Wad.decimals
                ? number * BigInt(10).power(Wad.decimals - decimals)
                : number / BigInt(10).power(decimals - Wad.decimals)
            guard let raw = Int128(exactly: scaled) else {
                throw FieldError(
                    message: "\(field): \(number) with \(decimals) decimals is beyond what an 18-decimal Int128 holds"
                )
            }
            return Wad(raw: raw)
        }
    }
}
