// VigilApp
