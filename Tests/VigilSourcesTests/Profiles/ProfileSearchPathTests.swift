import Foundation
import Testing
@testable import VigilSources
@testable import VigilPrometheus

@Suite(.timeLimit(.minutes(5))) struct ProfileSearchPathTests {
    @Test func environmentThenUserFolderThenBundledAboveTheExecutableThenAboveTheCurrentDirectory() throws {
        let root = try ProfileFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // Two checkouts: the executable is built in one, the shell sits in the other.
        try ProfileFixtures.write(ProfileFixtures.minimal(name: "openshift"), to: "\(root)/build-repo/profiles/openshift.yaml")
        try ProfileFixtures.write(ProfileFixtures.minimal(name: "openshift"), to: "\(root)/work-repo/profiles/openshift.yaml")
        try FileManager.default.createDirectory(atPath: "\(root)/build-repo/.build/debug", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/work-repo/Sources/x", withIntermediateDirectories: true)
        let env = ["VIGIL_PROFILES_DIR": "\(root)/mine", "XDG_CONFIG_HOME": "\(root)/xdg", "HOME": "\(root)/home"]
        let paths = ProfileLoader.standardSearchPaths(environment: env, executablePath: "\(root)/build-repo/.build/debug/vigil",
                                                      currentDirectory: "\(root)/work-repo/Sources/x")
        #expect(paths == ["\(root)/mine", "\(root)/xdg/vigil/profiles", "\(root)/build-repo/profiles", "\(root)/work-repo/profiles"])
    }

    @Test func withoutXDGTheUserFolderIsUnderHomeAndMissingBundlesAreLeftOut() throws {
        let root = try ProfileFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let paths = ProfileLoader.standardSearchPaths(environment: ["HOME": "\(root)/home", "VIGIL_PROFILES_DIR": ""],
                                                      executablePath: "\(root)/bin/vigil", currentDirectory: root)
        #expect(paths == ["\(root)/home/.config/vigil/profiles"])
        // A relative XDG_CONFIG_HOME is invalid by the spec, so it is ignored.
        let relative = ProfileLoader.standardSearchPaths(environment: ["HOME": "\(root)/home", "XDG_CONFIG_HOME": "cfg"],
                                                         executablePath: "\(root)/bin/vigil", currentDirectory: root)
        #expect(relative == ["\(root)/home/.config/vigil/profiles"])
    }

    @Test func aRelativeOrLinkedExecutableIsResolvedAndOneFolderIsListedOnce() throws {
        let root = try ProfileFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ProfileFixtures.write(ProfileFixtures.minimal(name: "openshift"), to: "\(root)/repo/profiles/openshift.yaml")
        try ProfileFixtures.write("", to: "\(root)/repo/.build/release/vigil")
        try FileManager.default.createDirectory(atPath: "\(root)/bin", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: "\(root)/bin/vigil", withDestinationPath: "\(root)/repo/.build/release/vigil")
        let env = ["HOME": "\(root)/home"]
        let linked = ProfileLoader.standardSearchPaths(environment: env, executablePath: "../bin/vigil",
                                                       currentDirectory: "\(root)/repo")
        #expect(linked == ["\(root)/home/.config/vigil/profiles", "\(root)/repo/profiles"])
    }

    @Test func aBareExecutableNameIsLookedUpOnPATH() throws {
        let root = try ProfileFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ProfileFixtures.write(ProfileFixtures.minimal(name: "openshift"), to: "\(root)/repo/profiles/openshift.yaml")
        try ProfileFixtures.write("", to: "\(root)/repo/bin/vigil")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: "\(root)/repo/bin/vigil")
        let env = ["HOME": "\(root)/home", "PATH": "\(root)/empty:\(root)/repo/bin"]
        let paths = ProfileLoader.standardSearchPaths(environment: env, executablePath: "vigil", currentDirectory: "\(root)/home")
        #expect(paths == ["\(root)/home/.config/vigil/profiles", "\(root)/repo/profiles"])
        #expect(ProfileLoader.standardSearchPaths(environment: ["HOME": "\(root)/home"], executablePath: "",
                                                  currentDirectory: "\(root)/home") == ["\(root)/home/.config/vigil/profiles"])
    }

    @Test func anInstalledLayoutIsFound() throws {
        let root = try ProfileFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ProfileFixtures.write(ProfileFixtures.minimal(name: "openshift"), to: "\(root)/usr/share/vigil/profiles/openshift.yaml")
        let paths = ProfileLoader.standardSearchPaths(environment: ["HOME": "\(root)/home"], executablePath: "\(root)/usr/bin/vigil",
                                                      currentDirectory: "\(root)/home")
        #expect(paths.last == "\(root)/usr/share/vigil/profiles")
    }

    @Test func loadByNameTakesTheFirstSearchPathThatHasIt() throws {
        let root = try ProfileFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ProfileFixtures.write(ProfileFixtures.minimal(name: "openshift", detect: ["mine"]), to: "\(root)/user/openshift.yaml")
        let loader = ProfileLoader(searchPaths: ["\(root)/missing", "\(root)/user", ProfileFixtures.bundledDirectory])
        #expect(try loader.load("openshift").detect == ["mine"])
        #expect(try loader.load("node").file == "\(ProfileFixtures.bundledDirectory)/node.yaml")
    }

    @Test func loadByPathReadsThatFile() throws {
        let root = try ProfileFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ProfileFixtures.write(ProfileFixtures.minimal(name: "custom"), to: "\(root)/custom.yml")
        let loader = ProfileLoader(searchPaths: [])
        #expect(try loader.load("\(root)/custom.yml").name == "custom")
        let missing = #expect(throws: ProfileError.self) { try loader.load("\(root)/nope.yaml") }
        #expect(missing?.description == "\(root)/nope.yaml: no such file")
    }

    @Test func anUnknownNameListsWhatThereIs() throws {
        let loader = ProfileLoader(searchPaths: [ProfileFixtures.bundledDirectory])
        let error = #expect(throws: ProfileError.self) { try loader.load("openshfit") }
        #expect(error?.description.hasPrefix("openshfit: no profile of that name in \(ProfileFixtures.bundledDirectory)") == true)
        #expect(error?.description.contains("(available: kubernetes, node, openshift, telemetry, vigil)") == true)
    }

    @Test func anInvalidFileIsNamedWithItsPath() throws {
        let root = try ProfileFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ProfileFixtures.write("name: broken\npanels:\n  nope: {}\n", to: "\(root)/broken.yaml")
        let error = #expect(throws: ProfileError.self) { try ProfileLoader(searchPaths: [root]).load("broken") }
        #expect(error?.file == "\(root)/broken.yaml" && error?.line == 3 && error?.panel == "nope")
        #expect(throws: ProfileError.self) { try ProfileLoader(searchPaths: [root]).bundled() }
    }

    @Test func bundledLetsUserProfilesOverrideThoseOfTheSameName() throws {
        let root = try ProfileFixtures.scratch()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try ProfileFixtures.write(ProfileFixtures.minimal(name: "node", detect: ["mine"]), to: "\(root)/node.yaml")
        try ProfileFixtures.write(ProfileFixtures.minimal(name: "extra", detect: ["up"]), to: "\(root)/extra.yaml")
        try ProfileFixtures.write("not a profile", to: "\(root)/notes.txt")
        let profiles = try ProfileLoader(searchPaths: [root, ProfileFixtures.bundledDirectory]).bundled()
        #expect(profiles.map(\.name) == ["openshift", "kubernetes", "node", "extra", "telemetry", "vigil"])
        #expect(profiles.first { $0.name == "node" }?.detect == ["mine"])
    }
}
