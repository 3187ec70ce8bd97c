import Foundation
import VigilCore
import VigilSources
import VigilTerminal

/// One frame of the dashboard at one instant, as text: `--once`, tickets, CI, no tty.
public enum Snapshot {
    /// The model as it stands after replaying `recording` up to `instant`.
    public static func model(recording: ReplayRecording, at instant: Date, config: AppConfig, width: Int, height: Int) -> Model {
        var model = Model(config: config)
        _ = update(&model, .resize(width: width, height: height))
        _ = update(&model, .playback(paused: false, speed: 0))
        var cursor = ReplayCursor(recording: recording)
        for m in cursor.seek(to: instant) { _ = update(&model, .source(m)) }
        refreshDerived(&model)
        return model
    }

    /// The frame at `instant` as lines; trailing blanks trimmed unless `color`.
    public static func render(recording: ReplayRecording, at instant: Date, config: AppConfig, width: Int, height: Int, color: Bool) -> [String] {
        let m = model(recording: recording, at: instant, config: config, width: width, height: height)
        let buffer = view(m, width: width, height: height)
        if color { return AnsiText.lines(buffer) }
        // Trailing blanks carry no information in a ticket.
        return buffer.lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }
}
