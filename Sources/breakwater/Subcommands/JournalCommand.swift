import ArgumentParser

struct JournalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal",
        abstract: "Check a journal's hash chain, or write its input events back out.",
        discussion: """
            A journal is the SQLite file that `replay --journal PATH` and `demo --journal PATH` write. The record \
            format is in docs/journal.md.
            """,
        subcommands: [JournalVerifyCommand.self, JournalExportCommand.self]
    )
}
