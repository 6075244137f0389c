"""Source-specific ``keino`` commands.

Each module defines ``register(app, ingest_app)`` to add its commands and is listed
in ``keino.cli.COMMANDS``; a module whose source joins the demo defines
``DEMO = DemoStep(order, title, run)`` and is listed in ``keino.demo.demo_steps``;
an ``after_ingest(store, report)`` hook is listed in ``keino.cli.AFTER_INGEST``.
"""
