"""Machine translation of pages: offline (argostranslate), behind a backend interface.

backends   the interface, the fake for tests, the backend chosen in settings
argos      argostranslate as the real backend (models loaded once per process)
protect    what must come out exactly as it went in: numbers, addresses, glossary terms
segments   a page's translatable fields as text segments, and back
"""
