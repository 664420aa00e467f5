import BreakwaterChain
import Hummingbird
import Logging
import ServiceLifecycle

/// A fixture node served over HTTP on a loopback port, so the benchmarks read it as `run --chain` reads a node:
/// through AsyncHTTPClient, every request and answer on the wire.
struct FixtureServer {
    /// The answer to a request's body.
    let answer: @Sendable ([UInt8]) throws -> [UInt8]

    /// Runs `body` with the node served at `http://127.0.0.1:PORT`, handing it that endpoint; the server stops when
    /// `body` returns or throws.
    func serving<Value: Sendable>(
        _ body: @Sendable (RPCEndpoint) async throws -> Value
    ) async throws -> Value {
        var quiet = Logger(label: "breakwater.bench.node")
        quiet.logLevel = .critical
        let router = Router()
        router.post("/") { [answer] request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            let answer = try answer(Array(buffer: bytes))
            return Response(
                status: .ok,
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer))
            )
        }
        let (ports, port) = AsyncStream<Int>.makeStream()
        let server = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "fixture-node"),
            onServerRunning: { channel in
                port.yield(channel.localAddress?.port ?? 0)
                port.finish()
            },
            logger: quiet
        )
        let group = ServiceGroup(services: [server], gracefulShutdownSignals: [], logger: quiet)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            defer { tasks.cancelAll() }
            var listening = ports.makeAsyncIterator()
            guard let bound = await listening.next(), bound > 0 else { throw FixtureServerError() }
            let value = try await body(try RPCEndpoint(url: "http://127.0.0.1:\(bound)"))
            await group.triggerGracefulShutdown()
            return value
        }
    }

    /// The server did not start.
    struct FixtureServerError: Error, CustomStringConvertible {
        var description: String { "the benchmark's fixture node could not listen on a loopback port" }
    }
}
