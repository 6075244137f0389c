"""Source-specific ``keino`` commands.

Each module defines ``register(app, ingest_app)`` to add its commands, and may
define ``DEMO = DemoStep(order, title, run)`` to join the graph that
``keino demo`` builds (see :mod:`keino.demo`).
"""
