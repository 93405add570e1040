"""The Monte Carlo engine: studies split into chunks, run on Dask, appended to a results store.

A *study* is a list of points (kind, h, g^2 h, L, n samples, block); every point is split into
chunks of ``block`` samples.  A chunk is the unit of work, of storage and of seeding:

* **Seeds.**  Chunk ``b`` of point ``p`` draws from ``SeedSequence(master_seed, spawn_key=(k_p, b))``,
  ``k_p`` = the first 8 bytes (big-endian) of SHA-256 of the point's identity string
  (:func:`point_id`: kind, h, g^2 h, L, block).  So a chunk's samples depend on nothing but its own
  identity: not on the number of workers, the order in which chunks finish, the other points of the
  study, or n (raising n adds chunks and keeps the old ones).
* **Dask.**  Chunks are ``dask.distributed`` tasks: a ``LocalCluster`` (processes, one thread each)
  by default, or an existing cluster given its scheduler address (its workers must import this
  package).  ``workers=0`` runs the chunks in this process (no Dask; debugging and small tests).
* **Store.**  One JSON-lines file per study: a header line (format, study, master seed, sampler
  settings), a ``session`` line per (re)start (command, versions, workers, time, the study's points),
  and one ``chunk`` line per finished chunk (identity, seed, raw per-sample results, seconds, host,
  time), appended and fsync'ed by the client as each chunk finishes.  A rerun skips the chunks already stored; a
  truncated last line (a kill during a write) is detected, reported and cut off; a header that
  does not match the study's master seed and sampler settings is an error (use another file).
  An exclusive ``flock`` keeps two runs from appending to one store.
* **Results** are assembled per point in chunk order, so a resumed run, a 1-worker and a 2-worker
  run give bit-identical arrays (tests/test_montecarlo.py).
"""
import datetime
import fcntl
import hashlib
import json
import math
import os
import platform
import socket
import sys
import time
from pathlib import Path

import numpy as np

from . import core

FORMAT = 1
SAMPLER = dict(depths=list(core.DEFAULT_DEPTHS), defensive=core.DEFAULT_DEFENSIVE, c3=1.0)
PAIR_WEIGHT = 0.5  #: weight of the two-well component in the "pairs" proposal (numerics.montecarlo.pairs)
KINDS = ("is", "direct", "amplitude", "pairs")


# --- points, chunks, seeds -----------------------------------------------------------------------------

def point(kind, h, g2h, L, n, block, **tags):
    """A study point: ``kind`` "is" (importance sampling), "direct", "amplitude" (importance sampling
    plus the nonlinear droplet amplitude of every one-droplet sample) or "pairs" (the two-droplet
    proposal of :mod:`.pairs`); n a multiple of ``block``."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}; got {kind!r}")
    core._size(L)
    block, n = core._n(block), core._n(n)
    if n % block:
        raise ValueError(f"n must be a multiple of block = {block}; got n = {n}")
    return dict(kind=kind, h=float(h), g2h=float(g2h), L=int(L), n=n, block=block, **tags)


def point_id(p):
    """Identity string of a point (what its seeds depend on): kind, h, g^2 h, L and block, not n."""
    return f"{p['kind']}/h={p['h']!r}/g2h={p['g2h']!r}/L={p['L']}/block={p['block']}"


def _key(pid):
    return int.from_bytes(hashlib.sha256(pid.encode()).digest()[:8], "big")


def chunk_seed(master_seed, pid, b):
    """The SeedSequence of chunk ``b`` of the point with identity ``pid``."""
    return np.random.SeedSequence(master_seed, spawn_key=(_key(pid), b))


def chunks(study):
    """Chunk specs of a study, in study order (point by point, block by block); a point listed twice
    (same identity) gives its chunks once."""
    out, seen = [], set()
    for p in study["points"]:
        pid = point_id(p)
        for b in range(p["n"] // p["block"]):
            if f"{pid}/#{b}" in seen:
                continue
            seen.add(f"{pid}/#{b}")
            out.append(dict(id=f"{pid}/#{b}", point=pid, b=b, kind=p["kind"], h=p["h"], g2h=p["g2h"], L=p["L"],
                            n=p["block"], master_seed=study["master_seed"], sampler=SAMPLER))
    return out


def run_chunk(spec):
    """Run one chunk (a Dask task): returns its store record with the raw per-sample results.

    "direct": ``counts``; "is": ``counts`` and ``logw`` (log p/q); "amplitude": also ``t_lat`` and
    ``t_proj`` (Delta^2/Delta0^2 of the lattice Eq. 2 solution and of the projection, per sample;
    None where the box does not hold exactly one droplet; see :func:`core.droplet_amplitude`)."""
    ss = chunk_seed(spec["master_seed"], spec["point"], spec["b"])
    rng = np.random.default_rng(ss)
    h, L, n = spec["h"], spec["L"], spec["n"]
    g = math.sqrt(spec["g2h"] / h)
    s = spec["sampler"]
    t0 = time.perf_counter()
    rec = dict(type="chunk", id=spec["id"], point=spec["point"], b=spec["b"], n=n,
               seed=dict(entropy=ss.entropy, spawn_key=list(ss.spawn_key)))
    if spec["kind"] == "direct":
        rec["counts"] = core.sample_direct(h, g, L, n, rng, c3=s["c3"]).tolist()
    elif spec["kind"] == "pairs":
        from .pairs import sample_pairs
        counts, logw = sample_pairs(h, g, L, n, rng, c3=s["c3"], depths=tuple(s["depths"]),
                                    defensive=s["defensive"], pair=PAIR_WEIGHT)
        rec["counts"], rec["logw"] = counts.tolist(), logw.tolist()
    else:
        keep = spec["kind"] == "amplitude"
        out = core.sample_importance(h, g, L, n, rng, c3=s["c3"], depths=tuple(s["depths"]),
                                     defensive=s["defensive"], keep_fields=keep)
        counts, logw = out[:2]
        rec["counts"], rec["logw"] = counts.tolist(), logw.tolist()
        if keep:
            amps = [core.droplet_amplitude(V, h) if c == 1 else None for V, c in zip(out[2], counts)]
            rec["t_lat"] = [None if a is None else a["t"] for a in amps]
            rec["t_proj"] = [None if a is None else a["t_proj"] for a in amps]
    rec.update(seconds=round(time.perf_counter() - t0, 3), host=socket.gethostname(), pid=os.getpid(),
               finished=_now())
    return rec


def _now():
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def versions():
    import scipy
    out = dict(python=platform.python_version(), numpy=np.__version__, scipy=scipy.__version__)
    try:
        import dask
        import distributed
        out.update(dask=dask.__version__, distributed=distributed.__version__)
    except ImportError:
        pass
    return out


# --- the results store -----------------------------------------------------------------------------------

class Store:
    """Append-only JSON-lines results store of one study (see the module docstring).

    Opening validates everything before any computing: the folder is created (or the error names
    the path), the file is locked, an existing header must match, and a truncated last line is cut.
    """

    def __init__(self, path, study):
        self.path = Path(path).expanduser().resolve()
        if self.path.is_dir():
            raise ValueError(f"out must be a file path, not a directory: {self.path}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.fh = open(self.path, "a+b")
        except OSError as e:
            raise ValueError(f"cannot write the results store {self.path}: {e.strerror}") from None
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.fh.close()
            raise ValueError(f"results store {self.path} is in use by another run") from None
        self.header = dict(type="header", format=FORMAT, study=study["name"], master_seed=study["master_seed"],
                           sampler=SAMPLER, seeding="chunk b of point p: numpy SeedSequence(master_seed, "
                           "spawn_key=(int.from_bytes(sha256(point_id(p))[:8], 'big'), b))", created=_now())
        self.records, self.truncated = self._read()
        if not self.records:
            self._write(self.header)
        else:
            old = self.records[0]
            if old.get("type") != "header" or any(old.get(k) != self.header[k] for k in
                                                   ("format", "master_seed", "sampler")):
                self.fh.close()
                raise ValueError(f"results store {self.path} was made with other settings "
                                 f"(master seed, sampler or format): choose another --out")
        self.done = {}
        for r in self.records:
            if r.get("type") == "chunk":
                self.done.setdefault(r["id"], r)  # duplicates (none expected) are identical by seeding

    def _read(self):
        self.fh.seek(0)
        raw = self.fh.read()
        lines = raw.split(b"\n")
        tail = lines.pop()  # b"" when the file ends with a newline
        recs, good = [], 0
        for i, line in enumerate(lines):
            try:
                recs.append(json.loads(line))
            except ValueError:
                if i == len(lines) - 1 and not tail:
                    tail = line  # a complete-looking but broken last line: treat as truncated
                    break
                raise ValueError(f"results store {self.path}: line {i + 1} is not JSON (corrupt store)") from None
            good += len(line) + 1
        truncated = len(tail) > 0
        if truncated:
            print(f"results store {self.path}: ignoring a truncated last line ({len(tail)} bytes; "
                  "an interrupted write)", file=sys.stderr)
            self.fh.truncate(good)
        return recs, truncated

    def _write(self, rec):
        self.fh.seek(0, os.SEEK_END)
        self.fh.write((json.dumps(rec, separators=(",", ":")) + "\n").encode())
        self.fh.flush()
        os.fsync(self.fh.fileno())

    def session(self, **info):
        rec = dict(type="session", started=_now(), versions=versions(), **info)
        self._write(rec)
        self.records.append(rec)

    def append(self, rec):
        if rec["id"] in self.done:
            return
        self._write(rec)
        self.records.append(rec)
        self.done[rec["id"]] = rec

    def close(self):
        self.fh.close()


def read_store(path):
    """All records of a store (read-only; a truncated last line is skipped)."""
    recs = []
    with open(path, "rb") as fh:
        lines = fh.read().split(b"\n")
    for i, line in enumerate(lines):
        if not line:
            continue
        try:
            recs.append(json.loads(line))
        except ValueError:
            if i >= len(lines) - 2:
                break
            raise
    return recs


# --- running -------------------------------------------------------------------------------------------------

class _LineFile:
    """A stream for tqdm in a log file: each refresh becomes one line (no carriage returns)."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, s):
        s = s.replace("\r", "").strip("\n")
        if s.strip():
            self.stream.write(s + "\n")

    def flush(self):
        self.stream.flush()


def progress_bar(total, initial, desc, file=None, interval=None):
    """A tqdm bar with ETA; on a terminal it redraws in place (every 0.5 s), in a log file it writes one
    line per update, at most every ``interval`` seconds (default 30)."""
    from tqdm import tqdm
    file = sys.stderr if file is None else file
    tty = hasattr(file, "isatty") and file.isatty()
    return tqdm(total=total, initial=initial, desc=desc, unit="chunk", file=file if tty else _LineFile(file),
                mininterval=(0.5 if tty else 30.0) if interval is None else interval, ascii=not tty,
                dynamic_ncols=tty, smoothing=0.1, miniters=1)


def _require(progress, dask):
    """Fail at once, with the command that installs them, if the engine's optional dependencies are missing."""
    import importlib.util
    missing = [m for m, need in (("tqdm", progress), ("distributed", dask)) if need and not importlib.util.find_spec(m)]
    if missing:
        raise SystemExit(f"the Monte Carlo engine needs {' and '.join(missing)}: pip install 'mesopairing[mc]' "
                         "(or: pip install 'dask[distributed]' tqdm)")


def _client(scheduler, workers):
    from dask.distributed import Client, LocalCluster
    if scheduler:
        return Client(scheduler), None
    import logging
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                           silence_logs=logging.ERROR)
    return Client(cluster), cluster


def run_study(study, out, *, scheduler=None, workers=2, progress=True, progress_file=None, progress_interval=None,
              command=None):
    """Run (or resume) ``study``, appending each finished chunk to the store at ``out``.

    ``scheduler``: address of an existing Dask scheduler; else a LocalCluster of ``workers`` processes
    (``workers=0``: in this process, no Dask).  Returns the store's records for the study's chunks,
    as a dict chunk id -> record.  Interrupting loses at most the chunks being computed."""
    if workers < 0:
        raise ValueError(f"workers must be a non-negative integer; got {workers!r}")
    _require(progress, bool(scheduler or workers))
    specs = chunks(study)
    store = Store(out, study)  # validates the path before any computing
    try:
        todo = [s for s in specs if s["id"] not in store.done]
        store.session(command=command, workers=workers, scheduler=scheduler, chunks_total=len(specs),
                      chunks_todo=len(todo), points=study["points"])
        bar = progress_bar(len(specs), len(specs) - len(todo), study["name"], progress_file,
                           progress_interval) if progress else None
        # longest first (cost ~ n L^2, more for amplitude solves), for balance
        todo.sort(key=lambda s: -s["n"] * s["L"] ** 2 * (3 if s["kind"] == "amplitude" else 1))
        if todo and (scheduler or workers > 0):
            from dask.distributed import as_completed
            client, cluster = _client(scheduler, workers)
            try:
                futs = [client.submit(run_chunk, s, key="mc-" + hashlib.sha1(s["id"].encode()).hexdigest(),
                                      priority=-i, pure=False) for i, s in enumerate(todo)]
                for fut in as_completed(futs):
                    store.append(fut.result())
                    fut.release()
                    if bar:
                        bar.update()
            finally:
                client.close()
                if cluster is not None:
                    cluster.close()
        else:
            for s in todo:
                store.append(run_chunk(s))
                if bar:
                    bar.update()
        if bar:
            bar.close()
        return {s["id"]: store.done[s["id"]] for s in specs}
    finally:
        store.close()


def assemble(study, records):
    """Per point (in study order): dict(point, counts, logw, t_lat, t_proj, seconds, chunks), the chunks
    concatenated in block order.  ``records``: chunk id -> record (from :func:`run_study` or a store)."""
    out = []
    for p in study["points"]:
        pid = point_id(p)
        recs = [records[f"{pid}/#{b}"] for b in range(p["n"] // p["block"])]
        d = dict(point=p, counts=np.concatenate([r["counts"] for r in recs]).astype(np.int64),
                 seconds=float(sum(r["seconds"] for r in recs)), chunks=len(recs))
        if p["kind"] != "direct":
            d["logw"] = np.concatenate([r["logw"] for r in recs]).astype(float)
        if p["kind"] == "amplitude":
            for k in ("t_lat", "t_proj"):
                d[k] = np.array([np.nan if v is None else v for r in recs for v in r[k]], dtype=float)
        out.append(d)
    return out


def load(study, path):
    """Assemble a study from a finished store (read-only); KeyError names a missing chunk."""
    recs = {}
    for r in read_store(path):
        if r.get("type") == "chunk":
            recs.setdefault(r["id"], r)
    return assemble(study, recs)
