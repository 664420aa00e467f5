import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens an HTML file in headless Chromium and reports its rendered DOM and its JavaScript errors.
///
/// Chromium's log prints every `console` message of a web page at INFO, so `console.error` cannot be told from
/// `console.log` there. This therefore drives Chromium over the DevTools protocol on a pipe
/// (`--remote-debugging-pipe`: commands in on fd 3, replies out on fd 4, each message ending in a NUL byte), which
/// names each message's level. No port is opened, and host names don't resolve (127.0.0.1 aside, for a server the
/// test starts on loopback), so a page cannot reach the network.
enum HeadlessBrowser {
    /// What a page left behind once it had loaded.
    struct Rendering: Sendable {
        /// The document element's `outerHTML` after the load event and the tasks queued until then.
        var dom: String
        /// One line per uncaught exception or unhandled rejection, `console.error` or failed `console.assert` call,
        /// and error the browser logged for the page (a resource that failed to load, a blocked script).
        var errors: [String]
    }

    enum Failure: Error, CustomStringConvertible {
        case notInstalled
        case noSuchFile(String)
        case navigation(String)
        case timedOut(seconds: Double)
        case browser(String)

        var description: String {
            switch self {
            case .notInstalled: "no chromium or chromium-browser on PATH"
            case .noSuchFile(let path): "no file at \(path)"
            case .navigation(let error): "chromium could not open the page: \(error)"
            case .timedOut(let seconds): "chromium did not finish within \(seconds) s and was killed"
            case .browser(let detail): "chromium failed: \(detail)"
            }
        }
    }

    /// The path of `chromium` or `chromium-browser` on `PATH`, or nil when neither is installed.
    static var executable: String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for name in ["chromium", "chromium-browser"] {
            for folder in path.split(separator: ":") {
                let candidate = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// The flags of every run; the profile folder and the pipe are added per run.
    static let flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-extensions",
        // Without this Chromium still looks up accounts.google.com, clients2.google.com and update.googleapis.com.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]

    /// Loads `htmlPath` in a fresh headless Chromium with a throwaway profile, waits for its load event, and returns
    /// the DOM and the errors. Kills Chromium and throws `Failure.timedOut` when it takes longer than `timeout` seconds.
    static func render(_ htmlPath: String, timeout: Double = 60) throws -> Rendering {
        let page = URL(fileURLWithPath: htmlPath).standardizedFileURL
        guard FileManager.default.fileExists(atPath: page.path) else { throw Failure.noSuchFile(page.path) }
        return try render(url: page, timeout: timeout)
    }

    /// Loads `page` (a file, or a server on loopback) the same way; with `waitingFor`, rereads the DOM every 200 ms
    /// until it contains that text (a page that renders from what it fetches), within the timeout.
    static func render(url page: URL, waitingFor text: String? = nil, timeout: Double = 60) throws -> Rendering {
        guard let executable else { throw Failure.notInstalled }

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("breakwater-chromium-\(UUID())")
        let profile = work.appendingPathComponent("profile")
        let log = work.appendingPathComponent("stderr.log")
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        try Data().write(to: log)

        // A write to a pipe whose reader has died must throw here, not end the test run with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let toBrowser = Pipe()
        let fromBrowser = Pipe()
        let process = Process()
        // The shell hands our stdin and stdout to Chromium as fds 3 and 4, then execs it in its own place.
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments =
            ["-c", #"exec "$0" "$@" 3<&0 4>&1 </dev/null >/dev/null"#, executable]
            + flags + ["--user-data-dir=\(profile.path)", "--remote-debugging-pipe", "about:blank"]
        process.standardInput = toBrowser
        process.standardOutput = fromBrowser
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()

        let deadline = ContinuousClock.now + .seconds(timeout)
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem { _ = kill(pid, SIGKILL) }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer {
            if process.isRunning { _ = kill(pid, SIGKILL) }
            process.waitUntilExit()
            watchdog.cancel()
        }

        var session = Session(input: toBrowser.fileHandleForWriting, output: fromBrowser.fileHandleForReading)
        do {
            let target = try session.call("Target.createTarget", ["url": "about:blank"])
            let attached = try session.call(
                "Target.attachToTarget",
                ["targetId": target["targetId"] ?? "", "flatten": true]
            )
            session.id = attached["sessionId"] as? String
            for domain in ["Runtime", "Page", "Log"] { _ = try session.call("\(domain).enable") }
            _ = try session.call("Page.setLifecycleEventsEnabled", ["enabled": true])
            let navigation = try session.call("Page.navigate", ["url": page.absoluteString])
            if let error = navigation["errorText"] as? String { throw Failure.navigation(error) }
            try session.waitForLoad(of: navigation["loaderId"] as? String ?? "")
            // Let the timers queued by then run before reading the DOM; wait for the text when there is one.
            var dom = ""
            repeat {
                let evaluated = try session.call(
                    "Runtime.evaluate",
                    [
                        "expression":
                            "new Promise(done => setTimeout(() => done(document.documentElement.outerHTML), \(text == nil ? 0 : 200)))",
                        "awaitPromise": true, "returnByValue": true,
                    ]
                )
                guard let value = (evaluated["result"] as? [String: Any])?["value"] as? String else {
                    throw Failure.browser("the page gave no DOM: \(evaluated)")
                }
                dom = value
            } while text.map({ !dom.contains($0) }) ?? false && ContinuousClock.now < deadline
            session.id = nil
            _ = try? session.call("Browser.close")
            process.waitUntilExit()
            return Rendering(dom: dom, errors: session.errors)
        } catch Session.Closed.closed {
            if ContinuousClock.now >= deadline { throw Failure.timedOut(seconds: timeout) }
            let stderr = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            let tail = stderr.split(separator: "\n").suffix(20).joined(separator: "\n")
            throw Failure.browser("it closed the pipe; its log ends:\n\(tail)")
        }
    }

    /// One DevTools protocol connection: numbered calls, their replies, and the events that arrive meanwhile.
    private struct Session {
        enum Closed: Error { case closed }

        let input: FileHandle
        let output: FileHandle
        /// The page's session once attached; calls go to the browser while nil.
        var id: String?
        /// The error lines of the events read so far.
        private(set) var errors: [String] = []
        /// The navigations (by loader) whose load event has fired.
        private var loaded: Set<String> = []
        private var lastCall = 0
        private var buffer = Data()

        init(input: FileHandle, output: FileHandle) {
            self.input = input
            self.output = output
        }

        /// Sends `method` and returns its reply's `result`, noting the events that come before it.
        mutating func call(_ method: String, _ params: [String: Any] = [:]) throws -> [String: Any] {
            lastCall += 1
            var message: [String: Any] = ["id": lastCall, "method": method, "params": params]
            if let id { message["sessionId"] = id }
            do {
                try input.write(contentsOf: JSONSerialization.data(withJSONObject: message) + [0])
            } catch {
                throw Closed.closed
            }
            while true {
                let reply = try receive()
                guard reply["id"] as? Int == lastCall else { continue }
                if let error = reply["error"] as? [String: Any] {
                    throw Failure.browser("\(method): \(error["message"] ?? error)")
                }
                return reply["result"] as? [String: Any] ?? [:]
            }
        }

        /// Reads until the navigation `loader` has fired its load event.
        mutating func waitForLoad(of loader: String) throws {
            while !loaded.contains(loader) { _ = try receive() }
        }

        /// Reads the next message, noting what it says if it is an event.
        private mutating func receive() throws -> [String: Any] {
            while true {
                if let end = buffer.firstIndex(of: 0) {
                    let bytes = buffer[..<end]
                    defer { buffer = Data(buffer[(end + 1)...]) }
                    guard let message = try JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
                        continue
                    }
                    if let method = message["method"] as? String {
                        let params = message["params"] as? [String: Any] ?? [:]
                        if method == "Page.lifecycleEvent", params["name"] as? String == "load",
                            let loader = params["loaderId"] as? String
                        {
                            loaded.insert(loader)
                        }
                        if let error = Self.error(method, params) { errors.append(error) }
                    }
                    return message
                }
                let chunk = output.availableData
                if chunk.isEmpty { throw Closed.closed }
                buffer.append(chunk)
            }
        }

        /// The error line an event stands for, or nil when it is not an error.
        private static func error(_ method: String, _ params: [String: Any]) -> String? {
            switch method {
            case "Runtime.exceptionThrown":
                guard let details = params["exceptionDetails"] as? [String: Any] else { return nil }
                let text = details["text"] as? String ?? "Uncaught"
                let exception = (details["exception"] as? [String: Any]).map { " " + describe($0) } ?? ""
                return text + exception + location(details["url"], line: details["lineNumber"])
            case "Runtime.consoleAPICalled":
                let kind = params["type"] as? String ?? ""
                guard kind == "error" || kind == "assert" else { return nil }
                let words = (params["args"] as? [[String: Any]] ?? []).map(describe).joined(separator: " ")
                let frames = (params["stackTrace"] as? [String: Any])?["callFrames"] as? [[String: Any]]
                let frame = frames?.first
                return "console.\(kind): \(words)" + location(frame?["url"], line: frame?["lineNumber"])
            case "Log.entryAdded":
                guard let entry = params["entry"] as? [String: Any], entry["level"] as? String == "error" else {
                    return nil
                }
                return "\(entry["source"] ?? "browser"): \(entry["text"] ?? "")" + location(entry["url"], line: nil)
            default:
                return nil
            }
        }

        /// A protocol `RemoteObject` as the console shows it: its value, else its description's first line.
        private static func describe(_ object: [String: Any]) -> String {
            if let value = object["value"], !(value is NSNull) { return "\(value)" }
            let description = object["description"] ?? object["subtype"] ?? object["type"] ?? "?"
            return "\(description)".split(separator: "\n").first.map(String.init) ?? ""
        }

        /// ` (url:line)` with the protocol's zero-based line counted from one, or nothing without a URL.
        private static func location(_ url: Any?, line: Any?) -> String {
            guard let url = url as? String, !url.isEmpty else { return "" }
            guard let line = line as? Int else { return " (\(url))" }
            return " (\(url):\(line + 1))"
        }
    }
}
