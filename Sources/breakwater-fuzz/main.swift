import BreakwaterCore
import BreakwaterFormats
import CFuzzDriver
import Foundation

// The fuzz target of the stream readers: every input is split into lines, and the fast reader and the reference
// reader must give the same verdict on each (the same event, or the same line, field and message). A disagreement
// stops the program, which libFuzzer keeps as a crash.
//
// Built with libFuzzer (`swift build --product breakwater-fuzz --scratch-path .build-fuzz -Xswiftc
// -sanitize=fuzzer`), it fuzzes: `.build-fuzz/debug/breakwater-fuzz NEW_CORPUS Fuzz/corpus/readers`. Built
// without, it reads the files and directories it is given once, as a corpus, and says how many inputs agreed.

/// The embedded protocol with the smallest line limit, so lines past it are within the fuzzer's reach.
let config = {
    var config = DefaultProtocol.config()
    config.stream.maxLineBytes = 1024
    return config
}()

/// Both readers before their first line: each input starts from a copy.
let freshReaders = ReaderComparison(config: config)

/// Compares the readers on each line of one input; stops the program at a disagreement.
@_cdecl("LLVMFuzzerTestOneInput")
public func compareReaders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    var readers = freshReaders
    let input = UnsafeBufferPointer(start: data, count: size)
    for (index, line) in input.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
        if let disagreement = readers.compare(Array(line), number: index + 1) {
            fatalError("the readers disagree: \(disagreement)")
        }
    }
    return 0
}

/// Every regular file under `paths`, in order.
func inputs(_ paths: [String]) -> [String] {
    paths.flatMap { path -> [String] in
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { (path as NSString).appendingPathComponent($0) }
    }
}

let status = breakwater_fuzz_driver(CommandLine.argc, CommandLine.unsafeArgv) { compareReaders($0, $1) }
if status != -1 { exit(status) }
let files = inputs(Array(CommandLine.arguments.dropFirst()))
guard !files.isEmpty else {
    FileHandle.standardError.write(Data("usage: breakwater-fuzz FILE_OR_DIRECTORY...\n".utf8))
    exit(2)
}
for file in files {
    guard let bytes = FileManager.default.contents(atPath: file) else {
        FileHandle.standardError.write(Data("cannot read \(file)\n".utf8))
        exit(1)
    }
    _ = bytes.withUnsafeBytes { compareReaders($0.bindMemory(to: UInt8.self).baseAddress, $0.count) }
}
print("\(files.count) inputs: the readers agree on every line")
