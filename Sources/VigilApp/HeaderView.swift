import Foundation
import VigilCore
import VigilEngine
import VigilTerminal

/// Two header lines: the status word and the cluster at a glance, then the source, its errors, the
/// data's age and the clock. When a line is too narrow, what matters most stays: the status word,
/// source errors (each its own share of the line), the data's age and the clock; cluster facts go first.
enum HeaderView {
    /// A part of a header line: lower `priority` is kept longer; an error `shrinks` (cut with an
    /// ellipsis) rather than disappear.
    struct Segment {
        var spans: [Span]
        var priority: Int
        var shrinks = false
        var width: Int { spans.reduce(0) { $0 + $1.width } }
    }

    /// What the version belongs to: OpenShift's cluster version ("4.14.3") or a plain Kubernetes
    /// API server's ("v1.29.3"), by the profile in use or else by the version's own form.
    static func productName(version: String, profile: ProfileInfo?) -> String {
        switch profile?.name {
        case "openshift": return "OCP"
        case "kubernetes": return "Kubernetes"
        default: return version.hasPrefix("v") ? "Kubernetes" : "OCP"
        }
    }

    static func render(_ model: Model, area: Rect, into buffer: inout Buffer) {
        let t = model.theme, h = model.overview.header
        buffer.fill(area, with: Cell(" ", style: t[.header]))
        let now = model.now ?? h.dataTime
        let status = ClusterStatus.of(model)

        var first: [Segment] = [Segment(spans: [Span(" Vigil ", style: t[.title].bold())], priority: 1),
                                Segment(spans: [Span(status.word, style: t[status.slot].bold())], priority: 0),
                                Segment(spans: [Span(h.clusterName ?? clusterLabel(model), style: t[.text].bold())], priority: 2)]
        if let v = h.version {
            var seg = [Span(productName(version: v, profile: model.profile) + " ", style: t[.muted]), Span(v, style: t[.text])]
            if let to = h.updatingTo {
                seg.append(Span(model.glyphs.isASCII ? " -> " : " → ", style: t[.muted]))
                seg.append(Span(to, style: t[.warning]))
            }
            first.append(Segment(spans: seg, priority: 4))
        }
        if let installed = h.installedAt, let now {
            first.append(Segment(spans: [Span("age ", style: t[.muted]), Span(Format.duration(now.timeIntervalSince(installed)), style: t[.text])],
                                 priority: 8))
        }
        if h.nodes > 0 {
            first.append(Segment(spans: [Span("nodes ", style: t[.muted]), Span("\(h.nodes)", style: t[.text]),
                                         Span(" (\(h.masters) masters)", style: t[.muted])], priority: 5))
        }
        if let c = h.cores { first.append(Segment(spans: [Span("cores ", style: t[.muted]), Span(Format.value(c), style: t[.text])], priority: 6)) }
        if let p = h.cpuPercent {
            let style = p >= 90 ? t[.critical] : p >= 75 ? t[.warning] : t[.ok]
            first.append(Segment(spans: [Span("CPU ", style: t[.muted]), Span(String(format: "%.0f%%", p), style: style)], priority: 3))
        }
        if let e = h.etcdObjects {
            first.append(Segment(spans: [Span("etcd objects ", style: t[.muted]), Span(Format.count(e), style: t[.text])], priority: 7))
        }
        draw(first, y: area.y, area: area, into: &buffer)

        var second: [Segment] = []
        switch model.config.mode {
        case .replay(let name):
            var seg = [Span("replay ", style: t[.muted]), Span(name, style: t[.accent])]
            // Speed 0 means nothing plays: a one-frame snapshot.
            if model.paused { seg.append(Span(" PAUSED", style: t[.warning].bold())) }
            else if model.speed > 0 { seg.append(Span(" \(speedText(model.speed))", style: t[.text])) }
            second.append(Segment(spans: seg, priority: 2))
        case .live(let name):
            var seg = [Span("live ", style: t[.muted]), Span(name, style: t[.accent])]
            if let p = model.profile { seg.append(Span(" (\(p.name))", style: t[.muted])) }
            if model.paused { seg.append(Span(" PAUSED", style: t[.warning].bold())) }
            else if model.speed > 0 { seg.append(Span(" every \(Format.duration(1 / model.speed))", style: t[.text])) }
            second.append(Segment(spans: seg, priority: 2))
            if model.config.insecureTLS { second.append(Segment(spans: [Span("TLS VERIFY OFF", style: t[.critical].bold())], priority: 0)) }
        }
        // Per-source state; per-panel states show on the panels themselves.
        for (_, health) in model.health.sorted(by: { $0.key < $1.key }) {
            switch health.state {
            case .ok:
                if let late = model.lateReason(health.source) {
                    second.append(Segment(spans: [Span("\(health.source): \(late)", style: t[.critical])], priority: 0, shrinks: true))
                } else if case .live = model.config.mode {
                    second.append(Segment(spans: [Span("\(health.source) ok", style: t[.ok])], priority: 4))
                }
            case .finished: second.append(Segment(spans: [Span("\(health.source): ended", style: t[.muted])], priority: 3))
            case .stale(let reason):
                second.append(Segment(spans: [Span("\(health.source): \(reason)", style: t[.critical])], priority: 0, shrinks: true))
            case .partial(let warnings):
                if let late = model.lateReason(health.source) {
                    second.append(Segment(spans: [Span("\(health.source): \(late)", style: t[.critical])], priority: 0, shrinks: true))
                    continue
                }
                second.append(Segment(spans: [Span("\(health.source) partial: \(warnings)", style: t[.warning])], priority: 0, shrinks: true))
            }
        }
        if let data = h.dataTime, let now {
            let age = now.timeIntervalSince(data)
            // Live, data older than one refresh plus the timeout is late; a replay is judged loosely.
            var limit = 120.0
            if case .live = model.config.mode, model.speed > 0 { limit = 1 / model.speed + model.config.sourceTimeout }
            let style = age > limit ? t[.warning] : t[.muted]
            second.append(Segment(spans: [Span("data \(Format.duration(age)) old", style: style)], priority: 1))
        } else {
            second.append(Segment(spans: [Span("waiting for data", style: t[.warning])], priority: 1))
        }
        if let now { second.append(Segment(spans: [Span(Format.clock(now), style: t[.text])], priority: 1)) }
        draw(second, y: area.y + 1, area: Rect(x: area.x + 1, y: area.y, width: max(0, area.width - 1), height: area.height),
             into: &buffer)
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

    /// Which segments a line of `width` keeps, and how wide each is drawn, in their order: the
    /// fixed segments of priority 0 and 1 first, then the shrinking ones (errors) share what is
    /// left — each gets what it needs up to an equal share, the rest goes to longer ones — then
    /// the others by priority while they fit. Segments are separated by two spaces.
    static func fit(_ segments: [Segment], width: Int) -> [(index: Int, width: Int)] {
        var chosen: [Int: Int] = [:]
        var used = 0
        func cost(_ w: Int) -> Int { w + (chosen.isEmpty ? 0 : 2) }
        let order = segments.indices.sorted { (segments[$0].priority, $0) < (segments[$1].priority, $1) }
        for i in order where !segments[i].shrinks && segments[i].priority <= 1 && used + cost(segments[i].width) <= width {
            used += cost(segments[i].width); chosen[i] = segments[i].width
        }
        var shrinking = order.filter { segments[$0].shrinks }
        // Water-filling: the narrowest first take what they need, within an equal share.
        shrinking.sort { segments[$0].width < segments[$1].width }
        var left = width - used
        for (n, i) in shrinking.enumerated() {
            let share = (left - 2 * (shrinking.count - n)) / (shrinking.count - n)
            let w = min(segments[i].width, share)
            guard w >= 6 else { continue }
            used += cost(w); chosen[i] = w
            left = width - used
        }
        for i in order where chosen[i] == nil && !segments[i].shrinks && used + cost(segments[i].width) <= width {
            used += cost(segments[i].width); chosen[i] = segments[i].width
        }
        return chosen.keys.sorted().map { ($0, chosen[$0]!) }
    }

    /// Draws the segments `fit` keeps, in order, an error cut to its share with an ellipsis.
    static func draw(_ segments: [Segment], y: Int, area: Rect, into buffer: inout Buffer) {
        guard y < area.bottom else { return }
        var x = area.x
        for (n, (i, w)) in fit(segments, width: area.width).enumerated() {
            if n > 0 { x += 2 }
            let seg = segments[i]
            if w < seg.width, let first = seg.spans.first {
                let text = seg.spans.map(\.text).joined()
                x = Line([Span(Format.shorten(text, to: w), style: first.style)]).render(x: x, y: y, width: w, buffer: &buffer)
            } else {
                x = Line(seg.spans).render(x: x, y: y, width: area.right - x, buffer: &buffer)
            }
        }
    }
}
