import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `breakwater run` as a process: it serves a file it follows, tells when the file goes quiet, stops on SIGTERM with
/// its journal whole, and resumes that journal when started again.
@Suite struct RunCLITests {
    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.fileWriteUnknown) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The JSON at `path`, once the server answers; `nil` if it never does within `seconds`.
    static func get(_ port: Int, _ path: String) async -> [String: Any]? {
        guard let (data, _) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }

    /// The JSON array at `path`; empty when the server does not answer.
    static func list(_ port: Int, _ path: String) async -> [[String: Any]] {
        guard let (data, _) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        else { return [] }
        return (try? JSONSerialization.jsonObject(with: data) as? [[String: Any]]) ?? []
    }

    /// Polls `path` until `condition` holds, for at most `seconds`.
    static func await(
        _ port: Int,
        _ path: String,
        seconds: Int,
        until condition: ([String: Any]) -> Bool
    ) async -> [String: Any]? {
        for _ in 0..<seconds * 5 {
            if let json = await get(port, path), condition(json) { return json }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    @Test func aFollowedFileIsServedStoppedWholeAndResumed() async throws {
        let folder = try BreakwaterProcess.temporaryDirectory()
        let demo = try BreakwaterProcess.run(["demo", "--out", folder.path])
        #expect(demo.status == 0)
        let stream = folder.appendingPathComponent("stream.jsonl").path
        let lines = try String(contentsOfFile: stream, encoding: .utf8).split(separator: "\n").count
        let journal = folder.appendingPathComponent("live.journal").path

        for round in 1...2 {
            let port = try Self.freePort()
            let process = Process()
            process.executableURL = BreakwaterProcess.binary
            process.arguments = [
                "run", "--follow", stream, "--config", folder.appendingPathComponent("config.yml").path, "--journal",
                journal,
                "--port", String(port), "--quiet-seconds", "2",
            ]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Every line of the file, and on the second round the first round's quiet note too.
            let health = await Self.await(port, "/api/health", seconds: 60) { $0["events"] as? Int ?? 0 >= lines }
            #expect(health != nil, "round \(round): the service read the whole file")
            if round == 1, PostmortemCLITests.browserExpected {
                // The page renders the incident from what it fetches, with no script error.
                let page = try HeadlessBrowser.render(
                    url: URL(string: "http://127.0.0.1:\(port)/")!,
                    waitingFor: "INC-0001"
                )
                #expect(page.errors.isEmpty, "\(page.errors)")
                #expect(page.dom.contains("INC-0001 oracle_manipulation") && page.dom.contains("MNGO-PERP"))
            }
            let status = await Self.get(port, "/api/status")
            let incidents = status?["incidents"] as? [[String: Any]] ?? []
            let attack = incidents.first { $0["id"] as? String == "INC-0001" }
            #expect(attack?["kind"] as? String == "oracle_manipulation" && attack?["contained_at"] is Int)
            // The file does not grow any more: after two seconds the source is quiet, itself an incident.
            let quiet = await Self.await(port, "/api/health", seconds: 10) { $0["quiet"] as? Bool == true }
            #expect(quiet?["status"] as? String == "quiet")
            let listed = await Self.list(port, "/api/incidents")
            #expect(listed.first?["kind"] as? String == "source_outage", "the quiet source opened an incident")
            process.terminate()
            process.waitUntilExit()
            #expect(
                process.terminationReason == .exit && process.terminationStatus == 0,
                "round \(round): SIGTERM stops it cleanly"
            )
            let verify = try BreakwaterProcess.run(["journal", "verify", journal])
            #expect(verify.status == 0 && verify.stdout.contains("records verify"), "\(verify.stdout)\(verify.stderr)")
        }
    }
}
