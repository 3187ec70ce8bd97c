import VigilTerminal

/// Where each part of the overview goes for a terminal size: a pure function, so `update`
/// (scrolling) and `view` (drawing) agree on how many rows a panel shows.
public struct OverviewLayout: Sendable {
    public static let minimumWidth = 50
    public static let minimumHeight = 12

    public let header: Rect
    public let body: Rect
    public let footer: Rect
    public let panels: [PanelID: Rect]

    /// nil when the terminal is below the minimum size.
    public static func compute(width: Int, height: Int) -> OverviewLayout? {
        guard width >= minimumWidth, height >= minimumHeight else { return nil }
        let full = Rect(width: width, height: height)
        let headerRows = 2
        let parts = Layout.split(full, .vertical, [.length(headerRows), .fill(1), .length(1)])
        let body = parts[1]
        let sparkRows = max(4, min(12, body.height / 4))
        let rows = Layout.split(body, .vertical, [.fill(3), .fill(2), .length(sparkRows)])
        let top = Layout.split(rows[0], .horizontal, [.fill(1), .fill(1)])
        let mid = Layout.split(rows[1], .horizontal, [.fill(1), .fill(1)])
        let bottom = Layout.split(rows[2], .horizontal, [.fill(1), .fill(1)])
        return OverviewLayout(header: parts[0], body: body, footer: parts[2], panels: [
            .operators: top[0], .alerts: top[1], .apiErrors: mid[0], .down: mid[1], .cpu: bottom[0], .anomaly: bottom[1],
        ])
    }

    /// Table rows visible in a panel: inside the border, below the column header.
    public func visibleRows(_ panel: PanelID) -> Int {
        guard let r = panels[panel] else { return 0 }
        return max(0, r.height - 3)
    }
}
