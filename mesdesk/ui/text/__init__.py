"""The user's texts, in one place: each module translates one kind of text in its own context.

- ``problems``: refusals (catalogued problem codes) in the user's language;
- ``formats``: numbers, dates and times as the user's locale writes them;
- ``jobs``, ``webhooks``, ``scans``, ``settings``, ``batch_fields``: what those areas say.
"""
