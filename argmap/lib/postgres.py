"""How the app connects to PostgreSQL, wherever the connection is configured (settings.py for
DATABASE_URL, argmap/lib/throwaway_pg.py for the tests' and benchmarks' own clusters).

No JIT compiling: PostgreSQL compiles a query whose estimated cost passes a threshold, and the
read of a large packed map (argmap/maps/stored.py) is estimated as the scan of its statements
that it skips: compiling took 15 ms of a query that then ran in 0.1 (bench/graph_path.py). The
app's queries are short; none gains from it.
"""

OPTIONS = {"options": "-c jit=off"}
