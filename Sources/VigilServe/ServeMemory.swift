#if canImport(Glibc)
import Glibc
#endif

/// How `vigil serve` keeps its resident memory down. glibc's malloc gives each thread that
/// allocates its own arena (up to 8 per core) and keeps what is freed there for reuse: a scrape
/// builds several megabytes on whichever thread serves it, and over time every arena holds its
/// own high-water mark. `vigil-lab bench serve` measures with and without (`--default-malloc`).
/// `mallopt` and `malloc_trim` are glibc's (malloc.h, which Swift's Glibc module leaves out), so
/// they are looked up at run time; elsewhere these do nothing.
public enum ServeMemory {
    /// glibc's `M_ARENA_MAX`.
    static let arenaMax: Int32 = -8

    /// Two arenas for the whole process. Call once, before the threads start.
    public static func limitArenas() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(arenaMax, 2)
        #endif
    }

    /// Gives the memory a scrape freed back to the system.
    public static func releaseFreed() {
        #if canImport(Glibc)
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }
}
