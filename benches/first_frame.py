#!/usr/bin/env python3
"""Whole-process time from start to the cockpit's first queue frame, in a pty at
120x40: the README's "start to first frame" row.

    cargo build --release && python3 benches/first_frame.py BOOK [RUNS]

BOOK is a generated book (benches/scale.sh makes them in target/tmp/scale). Prints
each run's time and the median; the first run reads a cold file cache.
"""
import fcntl, os, pty, select, signal, statistics, struct, sys, termios, time

book = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.join(root, "target", "release", "runway")
home = os.path.join(root, "target", "tmp", "first-frame-home")
times = []
for _ in range(runs):
    pid, fd = pty.fork()
    if pid == 0:
        # A private home: the day's backup lands there, never in the user's folder.
        os.environ["HOME"] = home
        os.environ["XDG_DATA_HOME"] = os.path.join(home, "data")
        os.environ["XDG_CONFIG_HOME"] = os.path.join(home, "cfg")
        os.execv(binary, [binary, "--db", book, "--today", "2026-11-22"])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start, seen, took = time.perf_counter(), b"", None
    while time.perf_counter() - start < 10:
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
            # The queue's column titles: the first frame is on screen.
            if b"Account" in seen and b"Pri" in seen:
                took = (time.perf_counter() - start) * 1000
                break
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    os.close(fd)
    times.append(took)
    print(f"{took:.0f} ms" if took is not None else "no frame within 10 s")
found = [t for t in times if t is not None]
if found:
    print(f"median {statistics.median(found):.0f} ms")
