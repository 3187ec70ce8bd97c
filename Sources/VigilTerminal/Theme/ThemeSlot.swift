/// A semantic role a colour plays on screen; widgets get styles by slot, never raw colours.
public enum ThemeSlot: String, CaseIterable, Sendable {
    case text, muted, accent, ok, warning, critical, info, selection, border, borderFocused, title, header,
         background, sparkline, anomaly, gaugeFilled, gaugeEmpty
}
