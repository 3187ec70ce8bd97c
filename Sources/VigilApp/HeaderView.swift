import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// Two header lines: the cluster at a glance, then the source, its freshness and the clock.
enum HeaderView {
    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme, h = model.overview.header
        buffer.fill(area, with: Cell(" ", style: t[.header]))
        let now = model.clock ?? h.dataTime

        var first: [[Span]] = [[Span(" Vigil ", style: t[.title].bold())]]
        first.append([Span(h.clusterName ?? clusterLabel(model), style: t[.text].bold())])
        if let v = h.version {
            var seg = [Span("OCP ", style: t[.muted]), Span(v, style: t[.text])]
            if let to = h.updatingTo {
                seg.append(Span(model.glyphs.isASCII ? " -> " : " → ", style: t[.muted]))
                seg.append(Span(to, style: t[.warning]))
            }
            first.append(seg)
        }
        if let installed = h.installedAt, let now {
            first.append([Span("age ", style: t[.muted]), Span(Format.duration(now.timeIntervalSince(installed)), style: t[.text])])
        }
        if h.nodes > 0 {
            first.append([Span("nodes ", style: t[.muted]), Span("\(h.nodes)", style: t[.text]),
                          Span(" (\(h.masters) masters)", style: t[.muted])])
        }
        if let c = h.cores { first.append([Span("cores ", style: t[.muted]), Span(Format.value(c), style: t[.text])]) }
        if let p = h.cpuPercent {
            let style = p >= 90 ? t[.critical] : p >= 75 ? t[.warning] : t[.ok]
            first.append([Span("CPU ", style: t[.muted]), Span(String(format: "%.0f%%", p), style: style)])
        }
        if let e = h.etcdObjects { first.append([Span("etcd objects ", style: t[.muted]), Span(Format.count(e), style: t[.text])]) }
        draw(first, y: area.y, area: area, into: &buffer)

        var second: [[Span]] = [[Span(" ")]]
        switch model.config.mode {
        case .replay(let name):
            var seg = [Span("replay ", style: t[.muted]), Span(name, style: t[.accent])]
            // Speed 0 means nothing plays: a one-frame snapshot.
            if model.paused { seg.append(Span(" PAUSED", style: t[.warning].bold())) }
            else if model.speed > 0 { seg.append(Span(" \(speedText(model.speed))", style: t[.text])) }
            second.append(seg)
        case .live(let name):
            var seg = [Span("live ", style: t[.muted]), Span(name, style: t[.accent])]
            if let p = model.profile { seg.append(Span(" (\(p.name))", style: t[.muted])) }
            if model.paused { seg.append(Span(" PAUSED", style: t[.warning].bold())) }
            else if model.speed > 0 { seg.append(Span(" every \(Format.duration(1 / model.speed))", style: t[.text])) }
            second.append(seg)
            if model.config.insecureTLS { second.append([Span("TLS VERIFY OFF", style: t[.critical].bold())]) }
        }
        // Per-source state; per-panel states show on the panels themselves.
        for (_, health) in model.health.sorted(by: { $0.key < $1.key }) {
            switch health.state {
            case .ok:
                if case .live = model.config.mode { second.append([Span("\(health.source) ok", style: t[.ok])]) }
            case .finished: second.append([Span("\(health.source): ended", style: t[.muted])])
            case .stale(let reason): second.append([Span("\(health.source): \(reason)", style: t[.critical])])
            }
        }
        if let data = h.dataTime, let now {
            let age = now.timeIntervalSince(data)
            let style = age > 120 ? t[.warning] : t[.muted]
            second.append([Span("data \(Format.duration(age)) old", style: style)])
        } else {
            second.append([Span("waiting for data", style: t[.warning])])
        }
        if let now { second.append([Span(Format.clock(now), style: t[.text])]) }
        draw(second, y: area.y + 1, area: area, into: &buffer)
    }

    static func clusterLabel(_ model: Model) -> String {
        switch model.config.mode {
        case .replay: return "recorded cluster"
        case .live(let name): return name
        }
    }

    static func speedText(_ s: Double) -> String {
        s >= 1 ? String(format: "%g×", s) : String(format: "%.2g×", s)
    }

    /// Draws segments separated by two spaces, dropping whole segments that do not fit.
    static func draw(_ segments: [[Span]], y: Int, area: Rect, into buffer: inout Buffer) {
        guard y < area.bottom else { return }
        var x = area.x
        for (i, seg) in segments.enumerated() {
            let w = seg.reduce(0) { $0 + $1.width } + (i > 0 ? 2 : 0)
            if x + w > area.right { break }
            if i > 0 { x += 2 }
            x = Line(seg).render(x: x, y: y, width: area.right - x, buffer: &buffer)
        }
    }
}
