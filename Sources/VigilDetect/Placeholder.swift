// VigilDetect
