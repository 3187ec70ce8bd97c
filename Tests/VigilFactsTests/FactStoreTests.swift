import Testing
@testable import VigilFacts

@Suite struct FactStoreSchemaTests {
    @Test func schemaVersionStartsAtOne() { #expect(FactStoreSchema.version == 1) }
}
