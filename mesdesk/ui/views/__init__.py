"""The main window's areas, one package each."""
