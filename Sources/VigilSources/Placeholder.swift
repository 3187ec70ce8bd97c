// VigilSources
