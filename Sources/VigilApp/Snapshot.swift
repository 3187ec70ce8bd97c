import Foundation
import VigilCore
import VigilEngine
import VigilSources
import VigilTerminal

/// One frame of the dashboard at one instant, as text: `--once`, tickets, CI, no tty.
public enum Snapshot {
    /// The model after applying `messages` (from any source) in order. Speed 0: nothing plays.
    /// `engine` is where the data goes (with the stored verdicts loaded first, as in the dashboard).
    public static func model(messages: [SourceMessage], config: AppConfig, width: Int, height: Int,
                             engine: Engine = Engine()) -> Model {
        var model = Model(config: config, engine: engine)
        _ = update(&model, .resize(width: width, height: height))
        _ = update(&model, .playback(paused: false, speed: 0))
        for m in messages { _ = update(&model, .source(m)) }
        refreshDerived(&model)
        return model
    }

    /// The model as it stands after replaying `recording` up to `instant`.
    public static func model(recording: ReplayRecording, at instant: Date, config: AppConfig, width: Int, height: Int) -> Model {
        var cursor = ReplayCursor(recording: recording)
        return model(messages: cursor.seek(to: instant), config: config, width: width, height: height)
    }

    /// Lines of one frame: ANSI-coloured, or plain with trailing blanks trimmed (they carry
    /// no information in a ticket).
    public static func lines(_ model: Model, width: Int, height: Int, color: Bool) -> [String] {
        let buffer = view(model, width: width, height: height)
        if color { return AnsiText.lines(buffer) }
        return buffer.lines.map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    /// The replayed frame at `instant` as lines.
    public static func render(recording: ReplayRecording, at instant: Date, config: AppConfig, width: Int, height: Int, color: Bool) -> [String] {
        lines(model(recording: recording, at: instant, config: config, width: width, height: height),
              width: width, height: height, color: color)
    }
}
