public import ArgumentParser
public import BreakwaterStorage

/// `--journal-sync normal|full`.
extension JournalSync: ExpressibleByArgument {}
