import ArgumentParser
import Foundation

/// A folder of report files, written whole or not at all per file.
enum ReportFolder {
    /// Creates `path` if missing and writes each file into it, in name order.
    static func write(_ files: [String: String], to path: String) throws {
        let directory = URL(fileURLWithPath: path, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for (name, text) in files.sorted(by: { $0.key < $1.key }) {
                try Data(text.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
            }
        } catch {
            Terminal.error("cannot write to \(path): \(error.localizedDescription)")
            throw ExitCode(1)
        }
        Terminal.progress(
            "wrote " + files.keys.sorted().map { directory.appendingPathComponent($0).path }.joined(separator: ", ")
        )
    }
}
