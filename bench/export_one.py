"""One export in a fresh process, for bench.exports: prints its time, peak memory and file size as JSON.

python -m bench.export_one <slug> <format> <out>   (DATABASE_URL and the rest from the environment)
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    slug, export_format, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safevoice.config.settings")
    import django

    django.setup()
    from safevoice.consultations.models import Consultation
    from safevoice.exports.services import export_responses

    consultation = Consultation.objects.get(slug=slug)
    baseline_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    progress: list[int] = []
    start = time.perf_counter()
    cpu = time.process_time()
    result = export_responses(
        consultation=consultation,
        export_format=export_format,
        out=out,
        actor="bench",
        on_progress=lambda done, total: progress.append(done),
    )
    print(
        json.dumps(
            {
                "format": export_format,
                "count": result.count,
                "seconds": time.perf_counter() - start,
                "cpu_seconds": time.process_time() - cpu,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "baseline_mb": baseline_mb,
                "bytes": result.files[0].stat().st_size,
                "chunks": len(progress),
            }
        )
    )


if __name__ == "__main__":
    main()
