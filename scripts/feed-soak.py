#!/usr/bin/env python3
"""Soak test of the live feed: starts `breakwater run` on the embedded market, holds idle clients that read the feed
and clients that never read it, and samples the service's resident memory. It prints one JSON line per sample and a
summary: memory must stay flat.

    ulimit -n 20000
    python3 scripts/feed-soak.py --binary .build/release/breakwater --idle 5000 --stuck 100 --seconds 600
"""
import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def resident_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


REQUEST = b"GET /api/feed HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"


async def idle_client(port, counts):
    """A client that reads everything the feed sends, until cancelled."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(REQUEST)
    await writer.drain()
    counts["idle"] += 1
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                counts["idle_closed"] += 1
                return
            counts["bytes"] += len(data)
    finally:
        writer.close()


def stuck_client(port):
    """A client that asks for the feed and never reads a byte of it, with the smallest receive buffer."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(("127.0.0.1", port))
    s.sendall(REQUEST)
    return s


async def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/breakwater")
    parser.add_argument("--idle", type=int, default=5000)
    parser.add_argument("--stuck", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--interval", type=int, default=30)
    args = parser.parse_args()

    port = free_port()
    journal = os.path.join(tempfile.mkdtemp(), "soak.journal")
    service = subprocess.Popen(
        [args.binary, "run", "--port", str(port), "--journal", journal],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                await asyncio.sleep(0.2)
        base = resident_mib(service.pid)
        counts = {"idle": 0, "idle_closed": 0, "bytes": 0}
        tasks = []
        for index in range(args.idle):
            tasks.append(asyncio.create_task(idle_client(port, counts)))
            if index % 200 == 199:
                await asyncio.sleep(0.05)
        stuck = [stuck_client(port) for _ in range(args.stuck)]
        await asyncio.sleep(5)
        samples = []
        start = time.monotonic()
        while time.monotonic() - start < args.seconds:
            sample = {
                "seconds": round(time.monotonic() - start),
                "resident_mib": round(resident_mib(service.pid), 1),
                "idle_clients": counts["idle"] - counts["idle_closed"],
                "stuck_clients": len(stuck),
                "feed_bytes_read": counts["bytes"],
            }
            samples.append(sample)
            print(json.dumps(sample), flush=True)
            await asyncio.sleep(args.interval)
        resident = [s["resident_mib"] for s in samples]
        print(json.dumps({
            "before_clients_mib": round(base, 1),
            "first_mib": resident[0],
            "last_mib": resident[-1],
            "max_mib": max(resident),
            "growth_after_first_mib": round(resident[-1] - resident[0], 1),
            "idle_clients": args.idle,
            "stuck_clients": args.stuck,
            "seconds": args.seconds,
        }))
        for task in tasks:
            task.cancel()
        for s in stuck:
            s.close()
    finally:
        service.terminate()
        service.wait(timeout=30)


if __name__ == "__main__":
    asyncio.run(main())
