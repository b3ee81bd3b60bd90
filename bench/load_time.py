"""Time to load a stored model (verify checksum, read safetensors, rebuild): python bench/load_time.py"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core import faces
from core.store import Store

out = {}
for store in (Store(), faces.shipped_store()):
    for name in store.list().get("name", [])[:20]:
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            store.load_folder(store.root / name)
            times.append(time.perf_counter() - t0)
        out[name] = round(statistics.median(times), 4)
print(json.dumps({"max_s": max(out.values()), "median_s": statistics.median(out.values()), "per_model": out}))
