"""Fast offline Vietnamese named-entity recognition: ``Recognizer.load().find(text)``."""
