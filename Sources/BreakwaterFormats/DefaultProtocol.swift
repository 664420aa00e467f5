public import BreakwaterCore

/// The embedded reference protocol, as YAML: what `breakwater config show` prints and what runs without `--config`.
public enum DefaultProtocol {
    /// The documented default config.
    public static let yaml = #"""
        # Breakwater's embedded reference protocol: cross-margined perpetuals and European options in two isolated
        # pools.
        # Every key is documented in docs/config.md; omitted keys take the defaults listed there.
        version: 1
        name: breakwater-reference

        assets:
          - name: USDC
            fixed_price: "1"          # the quote asset: a constant price, no feed
          - name: ETH
          - name: BTC
          - name: MNGO                # a thin governance token, as in the Mango Markets exploit

        # Three independent feeds per priced asset; the guarded price is the median of the fresh ones.
        feeds:
          - { name: pyth-eth, asset: ETH }
          - { name: chainlink-eth, asset: ETH }
          - { name: dex-twap-eth, asset: ETH }
          - { name: pyth-btc, asset: BTC }
          - { name: chainlink-btc, asset: BTC }
          - { name: dex-twap-btc, asset: BTC }
          - { name: pyth-mngo, asset: MNGO, min_answer: "0.004" }   # aggregators that clamp at a floor, as Chainlink's
          - { name: ftx-mngo, asset: MNGO, min_answer: "0.004" }    # minAnswer did under LUNA: at or below it, refused
          - { name: serum-mngo, asset: MNGO }

        pools:
          - name: main                # majors: one compartment
            quote: USDC
            insurance_fee_share: "0.2"
            liquidation_penalty: "0.05"
            collateral:
              - { asset: USDC }
              - asset: ETH
                initial_asset_weight: "0.8"
                maintenance_asset_weight: "0.9"
                initial_liability_weight: "1.2"
                maintenance_liability_weight: "1.1"
              - asset: BTC
                initial_asset_weight: "0.8"
                maintenance_asset_weight: "0.9"
                initial_liability_weight: "1.2"
                maintenance_liability_weight: "1.1"
            markets:
              - name: ETH-PERP
                underlying: ETH
                initial_margin: "0.1"
                maintenance_margin: "0.05"
                taker_fee: "0.0005"
                liquidation_penalty: "0.025"
                unrealized_profit_counts: false
                max_funding_rate: "0.0005"
                funding_period_ms: 3600000
              - name: BTC-PERP
                underlying: BTC
                initial_margin: "0.1"
                maintenance_margin: "0.05"
                taker_fee: "0.0005"
                liquidation_penalty: "0.025"
                unrealized_profit_counts: false
            options:                  # European calls and puts, fully collateralized, cash-settled in USDC
              - { name: ETH-OPT, underlying: ETH }
              - { name: BTC-OPT, underlying: BTC }
          - name: alts                # long-tail assets: a separate compartment, so a blow-up stays here
            quote: USDC
            insurance_fee_share: "0.2"
            liquidation_penalty: "0.1"
            collateral:
              - { asset: USDC }
              - asset: MNGO
                initial_asset_weight: "0.5"
                maintenance_asset_weight: "0.6"
                initial_liability_weight: "1.5"
                maintenance_liability_weight: "1.4"
            markets:
              - name: MNGO-PERP
                underlying: MNGO
                initial_margin: "0.2"
                maintenance_margin: "0.1"
                taker_fee: "0.001"
                liquidation_penalty: "0.05"
                unrealized_profit_counts: true   # the setting the October 2022 Mango exploit abused

        oracle:                       # the oracle guard: every rule, its boundary and its default in docs/detection.md
          max_staleness_ms: 60000     # older feeds are left out of the median (stale for margin)
          trading_staleness_ms: 30000 # newest valid feed older than this: no new risk (stale for trading)
          jump_factor: "2"            # one update moving by 2x or more is refused and trips the feed until reset
          max_confidence_ratio: "0.02"  # confidence / price above 2 % is refused
          max_divergence: "0.1"       # a feed more than 10 % from the median of the live feeds is left out
          max_twap_ratio: "5"         # median more than 5x from its time-weighted reference: too volatile
          twap_half_life_ms: 3600000
          twap_max_step: "0.1"        # one update moves the reference by at most 10 % of it

        policy:
          enforce: true               # false: shadow mode, everything reported as not enforced, nothing refused
          liquidation_grace_ms: 600000  # after a halt, positions in the market are not liquidated for 10 minutes
          price_band:                 # Limit Up-Limit Down for each market
            enabled: true
            width: "0.15"             # ±15 % around the reference
            reference_half_life_ms: 300000
            limit_state_ms: 15000
            halt_ms: 300000
          outflow_limit:              # ERC-7265-style limit per pool and asset
            enabled: true
            max_share: "0.2"          # 20 % of a pool's liquidity in an asset per refill period
            refill_ms: 3600000
            inflow_decay_ms: 21600000
            min_liquidity: "0"
          detectors:                  # streaming detectors; omitted keys take the defaults in docs/detection.md
            volume: { warning_score: "8", critical_score: "20", min_notional: "100000" }
            depletion: { warning_share: "0.15", critical_share: "0.3", window_ms: 3600000 }
            profit: { pool_share: "0.05", deposit_multiple: "5", min_profit: "50000" }
            wash: { pool_share: "0.02", window_ms: 300000 }
            flash_loan: { pool_share: "0.1", window_ms: 12000 }
            cascade: { min_liquidations: 10, warning_score: "6" }
            feed_fault: { after_ms: 120000 }
          responses:                  # what the automation does; a table here replaces the defaults whole
            - { signal: oracle_too_volatile, severity: critical, action: reduce_only, duration_ms: 900000 }
            - { signal: volume_anomaly, severity: critical, action: reduce_only, duration_ms: 900000 }
            - { signal: wash_trading, severity: warning, action: reduce_only, duration_ms: 900000 }
            - { signal: concentrated_profit, severity: critical, action: freeze, duration_ms: 3600000 }
            - { signal: flash_loan, severity: warning, action: freeze, duration_ms: 3600000 }
            - { signal: liquidity_depletion, severity: critical, action: pause_pool, exits: blocked }
            - { signal: insolvency, severity: critical, action: pause_pool, exits: blocked }
            - { signal: invariant_violation, severity: critical, action: pause_protocol, exits: blocked }
            - { signal: unsafe_effect, severity: critical, action: pause_pool, exits: blocked }
        """#

    /// The default config, parsed. It is tested to load, so a failure here is a bug.
    public static func config() -> ProtocolConfig {
        do {
            return try ConfigLoader.load(yaml: yaml)
        } catch {
            preconditionFailure("the embedded default config is invalid: \(error)")
        }
    }
}
