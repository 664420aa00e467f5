import BreakwaterCore
import BreakwaterEVM

extension ChainConfigChecker {
    /// The `events` entry at `path`, checked; `nil` when a problem leaves nothing to map.
    mutating func mapping(
        _ entry: WireEventMapping,
        at path: String,
        contracts: [ChainConfig.Contract],
        tokens: [ChainConfig.Token]
    ) -> EventMapping? {
        let contract = contracts.first { $0.name == entry.contract }
        if contract == nil {
            note(
                "\(path).contract",
                "unknown contract \(entry.contract) (contracts: \(contracts.map(\.name).joined(separator: ", ")))"
            )
        }
        var signature: EventSignature?
        do {
            signature = try EventSignature(parsing: entry.signature)
        } catch {
            note("\(path).signature", error.message)
        }
        let kind = Event.Kind(rawValue: entry.kind)
        let fields = kind.flatMap(MappedField.fields(of:))
        if fields == nil {
            note(
                "\(path).kind",
                "\(entry.kind) cannot come from a log (kinds: \(MappedField.mappableKinds.joined(separator: ", ")))"
            )
        }
        guard let contract, let signature, let kind, let fields else { return nil }

        var sources: [String: FieldSource] = [:]
        let constants = entry.set ?? [:]
        let parameters = entry.map ?? [:]
        for (key, text) in constants.sorted(by: { $0.key < $1.key }) {
            guard let field = field(key, of: kind, in: fields, at: "\(path).set.\(key)") else { continue }
            if parameters[key] != nil { note("\(path).map.\(key)", "\(key) is also in set: give it once") }
            if let value = constant(text, as: field.role, at: "\(path).set.\(key)") { sources[key] = .constant(value) }
        }
        for (key, source) in parameters.sorted(by: { $0.key < $1.key }) where constants[key] == nil {
            guard let field = field(key, of: kind, in: fields, at: "\(path).map.\(key)"),
                let reading = reading(source, for: field, of: signature, at: "\(path).map.\(key)")
            else { continue }
            sources[key] = .parameter(reading)
        }
        for field in fields where field.isRequired && constants[field.name] == nil && parameters[field.name] == nil {
            note(path, "\(kind.rawValue) needs \(field.name): give it in set or map")
        }
        checkAmountDecimals(sources, tokens: tokens, at: path)
        checkOracleAsset(sources, kind: kind, at: path)
        return EventMapping(
            contract: contract.name,
            address: contract.address,
            signature: signature,
            kind: kind,
            decoder: LogDecoder(signature),
            fields: sources
        )
    }

    private mutating func field(
        _ key: String,
        of kind: Event.Kind,
        in fields: [MappedField],
        at path: String
    ) -> MappedField? {
        guard let field = fields.first(where: { $0.name == key }) else {
            note(path, "not a field of \(kind.rawValue) (fields: \(fields.map(\.name).joined(separator: ", ")))")
            return nil
        }
        return field
    }

    /// A constant of `set`, or a value of a `values` table, as a field of `role`.
    private mutating func constant(_ text: String, as role: MappedField.Role, at path: String) -> FieldValue? {
        func named(_ id: Int?, _ what: String, _ names: [String]) -> FieldValue? {
            guard let id else {
                note(path, "unknown \(what) \(text) (\(what)s: \(names.joined(separator: ", ")))")
                return nil
            }
            return .index(id)
        }
        switch role {
        case .feed: return named(config.feedID(named: text).map { Int($0.index) }, "feed", config.feeds.map(\.name))
        case .asset: return named(config.assetID(named: text).map { Int($0.index) }, "asset", config.assets.map(\.name))
        case .pool: return named(config.poolID(named: text).map { Int($0.index) }, "pool", config.pools.map(\.name))
        case .market:
            return named(config.marketID(named: text).map { Int($0.index) }, "market", config.markets.map(\.name))
        case .optionMarket:
            return named(
                config.optionMarketID(named: text).map { Int($0.index) },
                "option market",
                config.optionMarkets.map(\.name)
            )
        case .optionType:
            guard let type = OptionType(rawValue: text) else {
                note(path, "\(text) is not an option type (call, put)")
                return nil
            }
            return .optionType(type)
        case .account:
            guard !text.isEmpty else {
                note(path, "an account cannot be empty")
                return nil
            }
            return .account(text)
        case .amount, .decimal:
            do {
                return .wad(try Wad(parsing: text))
            } catch {
                note(path, "\(text) is not a decimal number: \(error)")
                return nil
            }
        case .time:
            guard let milliseconds = Int64(text), milliseconds >= 0 else {
                note(path, "\(text) is not a time in milliseconds since the epoch")
                return nil
            }
            return .time(Timestamp(milliseconds: milliseconds))
        }
    }

    /// How the parameter `source` names becomes a field of `field.role`, once the signature has it with a type that
    /// can.
    private mutating func reading(
        _ source: WireFieldSource,
        for field: MappedField,
        of signature: EventSignature,
        at path: String
    ) -> ParameterReading? {
        guard let parameter = signature.parameter(named: source.param) else {
            note(path, "parameter \(source.param) is not in \(signature)")
            return nil
        }
        var reading = ParameterReading(name: parameter.name, type: parameter.type, role: field.role)
        let isNumber = field.role == .amount || field.role == .decimal
        if let decimals = source.decimals {
            if !isNumber {
                note("\(path).decimals", "only an amount, price, size, strike, premium or confidence has decimals")
            }
            if !(0...77).contains(decimals) { note("\(path).decimals", "must be 0 to 77") }
            reading.decimals = decimals
        } else if field.role == .decimal {
            note(path, "\(field.name) needs decimals: the number of decimals \(parameter.name) is written with")
        }
        if let unit = source.unit {
            switch (field.role, unit) {
            case (.time, "s"): reading.millisecondsPerUnit = 1_000
            case (.time, "ms"): reading.millisecondsPerUnit = 1
            case (.time, _): note("\(path).unit", "\(unit) is not a unit of time (s, ms)")
            default: note("\(path).unit", "only a time has a unit")
            }
        } else if field.role == .time {
            note(path, "\(field.name) needs unit: s or ms")
        }
        if let flag = source.negateIf {
            if !isNumber {
                note("\(path).negate_if", "only a number can be negated")
            } else if signature.parameter(named: flag)?.type != .bool {
                note("\(path).negate_if", "\(flag) is not a bool parameter of \(signature)")
            } else {
                reading.negateIf = flag
            }
        }
        if let values = source.values {
            if isNumber || field.role == .time || field.role == .account {
                note("\(path).values", "only a name (feed, asset, pool, market, option_type) comes from a values table")
            }
            var table: [String: FieldValue] = [:]
            for (key, text) in values.sorted(by: { $0.key < $1.key }) {
                table[key] = constant(text, as: field.role, at: "\(path).values.\(key)")
            }
            reading.values = table
        } else if !accepts(parameter.type, field.role) {
            note(path, "\(field.name) cannot come from \(parameter.type) \(parameter.name)\(hint(for: field.role))")
        }
        return reading
    }

    /// Whether a parameter of `type` can be read as a field of `role` without a `values` table.
    private func accepts(_ type: ABIType, _ role: MappedField.Role) -> Bool {
        switch (role, type) {
        case (.account, .address), (.asset, .address): true
        case (.amount, .uint), (.amount, .int), (.decimal, .uint), (.decimal, .int), (.time, .uint), (.time, .int): true
        case (.feed, .string), (.asset, .string), (.pool, .string), (.market, .string), (.optionMarket, .string),
            (.optionType, .string):
            true
        default: false
        }
    }

    private func hint(for role: MappedField.Role) -> String {
        switch role {
        case .account: " (an address)"
        case .amount, .decimal, .time: " (a uintN or intN)"
        case .asset: " (an address listed in tokens, a string, or any type with a values table)"
        case .feed, .pool, .market, .optionMarket, .optionType: " (a string, or any type with a values table)"
        }
    }

    /// An amount without `decimals` takes its token's: the asset must say which token.
    private mutating func checkAmountDecimals(
        _ sources: [String: FieldSource],
        tokens: [ChainConfig.Token],
        at path: String
    ) {
        guard case .parameter(let amount) = sources["amount"], amount.decimals == nil else { return }
        switch sources["asset"] {
        case .constant(.index(let asset)):
            if !tokens.contains(where: { Int($0.asset.index) == asset }) {
                note("\(path).map.amount", "give decimals: no token in tokens is \(config.assets[asset].name)")
            }
        case .parameter(let reading) where reading.values == nil && reading.type == .address:
            break
        default:
            note(
                "\(path).map.amount",
                "give decimals: only an asset from a token's address says which token's they are"
            )
        }
    }

    /// An oracle's asset, when given, is its feed's.
    private mutating func checkOracleAsset(_ sources: [String: FieldSource], kind: Event.Kind, at path: String) {
        guard kind == .oracle, case .constant(.index(let feed)) = sources["feed"],
            case .constant(.index(let asset)) = sources["asset"]
        else { return }
        let feedAsset = Int(config.feeds[feed].asset.index)
        if asset != feedAsset {
            note(
                "\(path).set.asset",
                "feed \(config.feeds[feed].name) prices \(config.assets[feedAsset].name), not \(config.assets[asset].name)"
            )
        }
    }
}
