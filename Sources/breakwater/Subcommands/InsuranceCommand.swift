import ArgumentParser
import BreakwaterCore
import BreakwaterEngine
import BreakwaterFormats
import BreakwaterPipeline
import BreakwaterReportKit
import Foundation

struct InsuranceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "insurance",
        abstract: "Read the insurance claims of a journal's incidents.",
        discussion: "How claims are computed and paid: docs/governance.md#insurance.",
        subcommands: [Claims.self]
    )

    struct Claims: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an incident's insurance claim: the LPs' loss, the fund, the payout and each LP's part.",
            discussion: "Example: breakwater insurance claims --incident INC-0001 --journal run.journal"
        )

        @Option(help: "The incident, e.g. INC-0001.")
        var incident: String

        @Option(help: "The journal (SQLite file); it is replayed and verified to its head first.")
        var journal: String

        @Option(help: "text for people, json for scripts.")
        var format: OutputFormat = .text

        func run() async throws {
            let replay = try await JournalFile.replayed(journal)
            let engine = replay.engine
            guard engine.incidents.contains(where: { $0.id == incident }) else {
                let known = engine.incidents.map(\.id).joined(separator: ", ")
                Terminal.error("\(journal) has no incident \(incident) (incidents: \(known.isEmpty ? "none" : known))")
                throw ExitCode(1)
            }
            let report = ClaimReport(
                incident: incident,
                claim: engine.claims.first { $0.incident == incident },
                engine: engine,
                accounts: replay.decoder.accounts
            )
            print(format == .json ? ReportJSON.text(of: report) : report.text())
        }
    }
}

/// An incident's claim as `insurance claims` prints it.
struct ClaimReport: Encodable {
    var incident: String
    /// `none` (no loss, or not resolved yet), `paid` or `pending`.
    var status: String
    var pool: String?
    var loss: String?
    var fund: String?
    var amount: String?
    var paidAt: Int64?
    var paidBy: String?
    var lps: [LPPart]

    struct LPPart: Encodable {
        var account: String
        var shares: String
        var part: String
    }

    enum CodingKeys: String, CodingKey {
        case incident, status, pool, loss, fund, amount, lps
        case paidAt = "paid_at"
        case paidBy = "paid_by"
    }

    init(incident: String, claim: InsuranceClaim?, engine: Engine, accounts: AccountDirectory) {
        self.incident = incident
        lps = []
        guard let claim else {
            status = "none"
            return
        }
        if case .paid(let at, let by) = claim.status {
            status = "paid"
            paidAt = at
            paidBy = by.rawValue
        } else {
            status = "pending"
        }
        pool = engine.config.pool(claim.pool).name
        loss = claim.loss.description
        fund = claim.fund.description
        amount = claim.amount.description
        let state = engine.ledger.pool(claim.pool)
        lps = state.accounts.ids.sorted().compactMap { id in
            let shares = state.account(id).lpShares
            guard shares.isPositive,
                let part = try? claim.amount.scaled(by: shares, over: state.lpShares, rounding: .down)
            else { return nil }
            return LPPart(account: accounts.name(of: id), shares: shares.description, part: part.description)
        }
    }

    func text() -> String {
        guard let pool, let loss, let fund, let amount else {
            return "\(incident): no insurance claim (the incident is not resolved, or its pool's LPs lost nothing)"
        }
        var lines = [
            "\(incident) in pool \(pool): the LPs lost \(loss); the fund held \(fund); the claim is \(amount), "
                + (status == "paid" ? "paid at \(paidAt ?? 0) by \(paidBy ?? "")" : "pending a DAO pay_claim")
        ]
        lines += lps.map { "  \($0.account): \($0.shares) shares, \($0.part)" }
        return lines.joined(separator: "\n")
    }
}
