import CNCursesW
import VigilTerminal

/// Turns what `wget_wch` returns into `Key`s.
enum KeyDecoder {
    /// A character code (wget_wch returned OK). nil for codes with no meaning to the app
    /// (NUL, the C1 controls, stray separators).
    static func character(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26:
            // Ctrl-A … Ctrl-Z arrive as 1 … 26; tab, enter and backspace were taken above.
            return Unicode.Scalar(code + 96).map { .ctrl(Character($0)) }
        case 0..<32, 0x80..<0xA0:
            return nil
        default:
            return Unicode.Scalar(code).map { .char(Character($0)) }
        }
    }

    /// A key code (wget_wch returned KEY_CODE_YES), KEY_RESIZE excepted.
    static func keyCode(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        // Some terminfo entries (vt220-style keypads) report Home/End as Find/Select.
        case KEY_HOME, KEY_FIND, KEY_A1: return .home
        case KEY_END, KEY_SELECT, KEY_C1: return .end
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_BTAB: return .backTab
        case KEY_ENTER: return .enter
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .function(Int(code - KEY_F0))
        default: return nil
        }
    }
}
