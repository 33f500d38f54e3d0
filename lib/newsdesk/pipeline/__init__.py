"""The report pipeline behind ``newsdesk reports``, one module per concern.

- ``hashing``  dependency fingerprints (article, notebook, code, parameters) and the manifest
- ``plan``     which reports exist, which are stale and why; parameter and id checks
- ``engine``   worker side: pre-started kernels, a papermill engine, one report task
- ``render``   offline, self-contained HTML from an executed notebook
- ``tables``   the tidy tables behind the reports and the one-row-per-article summary
- ``index``    the sortable ``outputs/index.html``
- ``runner``   local processes or a Dask cluster, progress bar, results written atomically

``newsdesk.reports.cli_main`` wires them to the command line.
"""
