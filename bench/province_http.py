"""The HTTP side of bench/province.py: gunicorn started with gunicorn.conf.py,
logged-in sessions over http.client (the standard library only), timed
requests, and concurrent clients for throughput."""

from __future__ import annotations

import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = "/bench/bare/"
DROPPED = (http.client.RemoteDisconnected, http.client.CannotSendRequest, ConnectionResetError, BrokenPipeError)


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path

    def workers(self) -> list[int]:
        """The PIDs of gunicorn's worker processes (the master's children)."""
        children = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rpartition(")")[2].split()[1]) == self.process.pid:
                    children.append(int(entry.name))
        return sorted(children)

    def cpu_seconds(self) -> float:
        """CPU time (user and system, all threads) of every worker so far: the live ones', and through the
        master's children times, those that have exited (recycled by max_requests)."""
        master = Path(f"/proc/{self.process.pid}/stat").read_text().rpartition(")")[2].split()
        ticks = int(master[13]) + int(master[14])
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_server(env: dict[str, str], port: int, log: Path, *, workers: int | None = None) -> Server:
    """gunicorn -c gunicorn.conf.py htxplan.wsgi on 127.0.0.1:port, its log (access log included) to `log`."""
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "PYTHONPATH": str(ROOT)}
    if workers is not None:
        env["GUNICORN_WORKERS"] = str(workers)
    command = [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "htxplan.wsgi"]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    server = Server(process, port, log)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {process.returncode}); its log:\n{log.read_text()[-3000:]}")
        try:
            if Session(port).get("/login/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.stop()
    raise SystemExit(f"gunicorn did not answer on port {port} within 90 s; see {log}")


def log_summary(log: Path) -> str:
    """What gunicorn's log says: responses by status, workers booted, timeouts, tracebacks."""
    text = log.read_text(errors="replace")
    statuses = Counter(re.findall(r'HTTP/1\.[01]" (\d{3}) ', text))
    booted, timeouts, tracebacks = text.count("Booting worker"), text.count("WORKER TIMEOUT"), text.count("Traceback")
    shown = ", ".join(f"{n} x {status}" for status, n in sorted(statuses.items()))
    return f"{log.name}: {shown}; workers booted {booted}, worker timeouts {timeouts}, tracebacks {tracebacks}"


def machine_ticks() -> tuple[int, int]:
    """CPU ticks of the whole machine from /proc/stat: busy and all (idle and iowait are not busy)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(values) - values[3] - values[4], sum(values)


def rss_kb(pid: int) -> int | None:
    """VmRSS of a process from /proc/<pid>/status, in kB; None once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


@dataclass
class Session:
    """One client: its cookies and one kept-alive connection."""

    port: int
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None
    last_seconds: float = 0.0

    def clone(self) -> Session:
        """The same login on a connection of its own."""
        return Session(self.port, dict(self.cookies))

    def request(self, method: str, path: str, body: bytes | None = None, ctype: str = "") -> tuple[int, bytes]:
        """Status and body; `last_seconds` is the time of the request that answered (a kept-alive
        connection the server closed meanwhile is opened again, untimed)."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if ctype:
            headers["Content-Type"] = ctype
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
                self.connection.connect()
            start = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except DROPPED:
                self.close()
                if attempt:
                    raise
                continue
            self.last_seconds = time.perf_counter() - start
            for raw in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(raw).items():
                    self.cookies[name] = morsel.value
            if response.will_close:
                self.close()
            return response.status, data
        raise AssertionError("unreachable")

    def get(self, path: str) -> tuple[int, bytes]:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, bytes]:
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def csrf_token(page: bytes) -> str:
    found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if found is None:
        raise SystemExit("no CSRF token on the page")
    return found.group(1).decode()


LOOK_UP = "look up"


def login(port: int, username: str, password: str, authenticator: dict | None | str = LOOK_UP) -> Session:
    """A session signed in through the login form, as a browser would; one
    who must give a second factor (an approver, an administrator) types the
    code of `authenticator` (authenticator_key()), by default one made for
    them in the benchmark's database, read in this process."""
    device = _authenticator(username) if authenticator == LOOK_UP else authenticator
    session = Session(port)
    status, page = session.get("/login/")
    fields = {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(page)}
    status, _body = session.post_form("/login/", fields)
    if status != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"login of {username} failed: HTTP {status}")
    if device is not None:
        _second_factor(session, username, device)
    return session


def _authenticator(username: str):
    from django.contrib.auth import get_user_model

    from cooperatives.people.rules import needs_second_factor
    from cooperatives.twofactor.testing import authenticator_for

    user = get_user_model().objects.get(username=username)
    return authenticator_key(authenticator_for(user)) if needs_second_factor(user) else None


def authenticator_key(device) -> dict:
    """What an authenticator app holds of a TOTPDevice, as JSON."""
    return {"key": device.key, "step": device.step, "t0": device.t0, "digits": device.digits, "drift": device.drift}


def _second_factor(session: Session, username: str, device: dict) -> None:
    from django_otp.oath import TOTP

    status, page = session.get("/login/code/")
    totp = TOTP(bytes.fromhex(device["key"]), device["step"], device["t0"], device["digits"], device["drift"])
    code = f"{totp.token():0{device['digits']}d}"
    fields = {"kind": "app", "next": "/", "code": code, "csrfmiddlewaretoken": csrf_token(page)}
    status, _body = session.post_form("/login/code/", fields)
    if status != 302:
        raise SystemExit(f"second factor of {username} failed: HTTP {status}")


def percentiles(seconds: list[float]) -> tuple[float, float]:
    """p50 and p95 in ms."""
    ms = sorted(s * 1000 for s in seconds)
    if len(ms) == 1:
        return ms[0], ms[0]
    return statistics.median(ms), statistics.quantiles(ms, n=20, method="inclusive")[18]


@dataclass
class Paired:
    page: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)


def paired(server: Server, session: Session, path: str, runs: int, before: Callable[[], None] | None) -> Paired:
    """`runs` requests of the page, each after one of the bare page on the same session, and the workers'
    CPU time over each (the only request under way then; ticks of 10 ms, so it means something averaged)."""
    out = Paired()
    for _ in range(runs):
        session.get(BARE)
        out.bare.append(session.last_seconds)
        if before is not None:
            before()
        cpu = server.cpu_seconds()
        status, _body = session.get(path)
        out.page.append(session.last_seconds)
        out.statuses[status] += 1
        out.cpu.append(server.cpu_seconds() - cpu)
    return out


def throughput(sessions: list[Session], send: Callable[[Session], int], seconds: float) -> dict:
    """Every session sends requests back to back for `seconds`, each on its own thread: requests per second,
    the latency and the statuses."""
    stop = time.perf_counter() + seconds
    lock, times, statuses = threading.Lock(), [], Counter()

    def client(session: Session) -> None:
        mine, seen = [], Counter()
        while time.perf_counter() < stop:
            try:
                seen[send(session)] += 1
            except (OSError, http.client.HTTPException) as error:
                seen[type(error).__name__] += 1
                session.close()
                continue
            mine.append(session.last_seconds)
        with lock:
            times.extend(mine)
            statuses.update(seen)

    start = time.perf_counter()
    threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    p50, p95 = percentiles(times) if times else (0.0, 0.0)
    return {"rps": len(times) / elapsed, "requests": len(times), "p50_ms": p50, "p95_ms": p95, "statuses": statuses}


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **extra}
