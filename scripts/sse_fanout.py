#!/usr/bin/env python3
"""Fan-out measurement for `breakwater run`'s live feed.

Opens CLIENTS Server-Sent Events connections to /api/feed from PROCESSES processes (one event loop each, so the
measuring side keeps up), reads for SECONDS, and reports, for every item, how much later each client got it than
the first client did: the spread of delivery across clients, in milliseconds (p50, p99, max). The processes share
the machine's monotonic clock. Usage: scripts/sse_fanout.py PORT [CLIENTS] [SECONDS] [PROCESSES]
"""
import asyncio
import multiprocessing
import sys
import time


async def client(port, received, ready, deadline):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /api/feed HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
    await writer.drain()
    ready.release()
    try:
        while time.monotonic() < deadline:
            line = await asyncio.wait_for(reader.readline(), timeout=max(0.1, deadline - time.monotonic()))
            if not line:
                break
            if line.startswith(b"id: "):
                received.setdefault(int(line[4:]), []).append(time.monotonic())
    except asyncio.TimeoutError:
        pass
    writer.close()


async def clients(port, count, deadline):
    received = {}
    ready = asyncio.Semaphore(0)
    tasks = [asyncio.create_task(client(port, received, ready, deadline)) for _ in range(count)]
    await asyncio.gather(*tasks)
    return received


def worker(args):
    port, count, deadline = args
    return asyncio.run(clients(port, count, deadline))


def main(port, total, seconds, processes):
    deadline = time.monotonic() + seconds
    shares = [total // processes + (1 if k < total % processes else 0) for k in range(processes)]
    with multiprocessing.Pool(processes) as pool:
        parts = pool.map(worker, [(port, share, deadline) for share in shares])
    received = {}
    for part in parts:
        for item, times in part.items():
            received.setdefault(item, []).extend(times)
    spreads = sorted((t - min(times)) * 1000 for times in received.values() for t in times)
    if not spreads:
        print("no item received")
        return
    complete = sum(1 for times in received.values() if len(times) == total)
    pick = lambda q: spreads[min(len(spreads) - 1, int(q * len(spreads)))]
    print(f"{total} clients in {processes} processes, {len(received)} items ({complete} reached every client), {len(spreads)} deliveries")
    print(f"delivery after the first client: p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {spreads[-1]:.1f} ms")


if __name__ == "__main__":
    arguments = [int(sys.argv[1])] + [float(a) for a in sys.argv[2:5]]
    port, total, seconds, processes = (arguments + [1000, 30, 4][len(arguments) - 1 :])[:4]
    main(port, int(total), seconds, int(processes))
