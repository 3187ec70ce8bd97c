import Foundation
import Testing
import VigilCore
import VigilTerminal
@testable import VigilApp
@testable import VigilEngine

/// Every screen's keys come from one table: each bound key is documented (help and, where it has
/// one, the footer), and no key acts unless it is in the table.
@Suite(.timeLimit(.minutes(5))) struct KeyTableTests {
    /// Every key the terminal can deliver that a person might press.
    static let universe: [Key] = {
        var keys: [Key] = [.enter, .escape, .tab, .backTab, .backspace, .delete, .up, .down, .left, .right,
                           .pageUp, .pageDown, .home, .end]
        keys += (1...12).map { Key.function($0) }
        keys += "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".map { Key.char($0) }
        keys += "abcdefghijklmnopqrstuvwxyz".map { Key.ctrl($0) }
        return keys
    }()

    /// A model on `screen` with data on every list (an operator, an alert, log lines, an anomaly).
    static func model(on screen: Screen, readOnly: Bool = false) -> Model {
        var m = Model(config: AppConfig(theme: .fallback, glyphs: .unicode, readOnly: readOnly))
        _ = update(&m, .resize(width: 120, height: 40))
        for step in 0..<4 { _ = update(&m, .source(.metrics(Fixtures.batch(step: step, degraded: true)))) }
        _ = update(&m, .source(.alerts(at: Fixtures.t0, [Alert(labels: Labels(["alertname": "EtcdSlow", "severity": "warning"]),
                                                                 state: .firing, activeAt: Fixtures.t0)])))
        _ = update(&m, .source(.clock(Fixtures.t0.addingTimeInterval(100))))
        _ = update(&m, .source(.scoredLogs([TriageFixtures.line("disk full on /var", template: "disk full on <*>", at: 10)])))
        refreshDerived(&m)
        m.screen = screen
        return m
    }

    @Test(arguments: Screen.allCases)
    func noKeyIsBoundTwice(screen: Screen) {
        var seen: [Key: String] = [:]
        for b in Screens.spec(screen).keys.bindings {
            for k in b.keys {
                #expect(seen[k] == nil, "\(screen): \(k) is bound by '\(seen[k] ?? "")' and '\(b.label)'")
                seen[k] = b.label
            }
        }
    }

    @Test(arguments: Screen.allCases)
    func everyBindingIsInTheHelpOverlay(screen: Screen) {
        var m = Self.model(on: screen)
        _ = update(&m, .key(.char("?")))
        let shown = view(m, width: 120, height: 40).lines.joined(separator: "\n")
        for b in Screens.spec(screen).keys.bindings {
            #expect(shown.contains(b.label) && shown.contains(b.help), "\(screen): '\(b.label)' is not in the help overlay")
        }
    }

    @Test(arguments: Screen.allCases)
    func everyFooterHintIsABinding(screen: Screen) {
        let m = Self.model(on: screen)
        let footer = view(m, width: 200, height: 40).lines.last ?? ""
        let map = Screens.spec(screen).keys
        for b in map.bindings {
            guard let hint = b.hint?(m) else { continue }
            #expect(footer.contains("\(hint.key) \(hint.what)"), "\(screen): the footer lacks '\(hint.key) \(hint.what)'")
        }
        // And the footer shows nothing else: its hints are exactly the table's.
        #expect(map.hints(m).count == map.bindings.compactMap { $0.hint }.count)
    }

    /// A key outside the table does nothing at all: no effect, no change on screen.
    @Test(arguments: Screen.allCases)
    func aKeyOutsideTheTableDoesNothing(screen: Screen) {
        let map = Screens.spec(screen).keys
        for key in Self.universe where map.binding(for: key) == nil {
            var m = Self.model(on: screen)
            let before = view(m, width: 120, height: 40)
            let effects = update(&m, .key(key))
            #expect(effects.isEmpty, "\(screen): unbound \(key) gave \(effects)")
            #expect(view(m, width: 120, height: 40) == before, "\(screen): unbound \(key) changed the screen")
        }
    }

    /// Every bound key is dispatched by its table (the binding's own action runs).
    @Test(arguments: Screen.allCases)
    func everyBoundKeyIsDispatched(screen: Screen) {
        let map = Screens.spec(screen).keys
        for b in map.bindings {
            for key in b.keys {
                var m = Self.model(on: screen)
                #expect(map.dispatch(key, model: &m) != nil, "\(screen): \(key) is in the table but not dispatched")
            }
        }
    }

    @Test func readOnlyTurnsTheVerdictKeysOffAndSaysSo() {
        var m = Self.model(on: .anomalies, readOnly: true)
        for key in "cfsuav" {
            #expect(update(&m, .key(.char(key))).isEmpty)
            #expect(m.message == KeyMap.readOnlyMessage)
            m.message = nil
        }
        let help = TriageKeys.keys.help(m)
        #expect(help.contains { $0.keys == "c f s u a v" && $0.what == "off: started with --read-only" })
        #expect(TriageKeys.keys.hints(m).last?.key == "read-only")
    }

    @Test func anotherScreenClosesTheOverviewsDetail() {
        var m = Self.model(on: .overview)
        _ = update(&m, .key(.enter))
        #expect(m.overlay != nil)
        _ = update(&m, .key(.char("2")))
        #expect(m.screen == .alerts && m.overlay == nil)
    }

    @Test func theDigitsShowEveryScreen() {
        var m = Self.model(on: .overview)
        for screen in Screen.allCases.reversed() {
            _ = update(&m, .key(screen.key))
            #expect(m.screen == screen)
        }
    }
}
