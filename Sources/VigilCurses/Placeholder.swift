// VigilCurses
