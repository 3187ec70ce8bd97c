/// The axis along which `Layout.split` cuts an area: side by side, or stacked.
public enum Direction: Sendable {
    case horizontal, vertical
}
