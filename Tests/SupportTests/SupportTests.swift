// Support: checked sizes, strict JSON (duplicate keys, depth), artifact sets (a commit
// interrupted before and after its commit point, stale temporaries).
import Foundation
import Testing
import TestSupport
@testable import Support

@Suite struct CheckedSizeTests {
    @Test func productRefusesOverflowNegativesAndLimits() {
        #expect(CheckedSize.product([28, 28, 1], limit: 1 << 32) == 784)
        #expect(CheckedSize.product([], limit: 1 << 32) == 1)
        #expect(CheckedSize.product([1 << 31, 1 << 31, 4], limit: 1 << 32) == nil)
        #expect(CheckedSize.product([Int.max, 2], limit: 1 << 32) == nil)
        #expect(CheckedSize.product([3, -1], limit: 1 << 32) == nil)
        #expect(CheckedSize.product([0, Int.max], limit: 1 << 32) == 0)
        #expect(CheckedSize.product([1 << 20, 1 << 13], limit: 1 << 32) == nil)  // 2^33 > the 2^32 limit
        #expect(CheckedSize.times(Int.max, 2) == nil)
        #expect(CheckedSize.plus(Int.max, 1) == nil)
        #expect(CheckedSize.plus(2, 3) == 5)
    }
}

@Suite struct StrictJSONTests {
    func refuses(_ text: String) -> Bool { (try? StrictJSON.check(Data(text.utf8), path: "t.json")) == nil }

    @Test func duplicateKeysAreRefusedAtAnyDepth() {
        #expect(refuses(#"{"a": 1, "a": 2}"#))
        #expect(refuses(#"{"x": [{"b": 1, "c": {"d": 0, "d": 0}}]}"#))
        #expect(refuses(#"{"a": 1, "\u0061": 2}"#))  // the same key, escaped
        #expect(refuses(#"{"pi_a": ["1", "2", "1"], "protocol": "groth16", "pi_a": ["3", "4", "1"]}"#))
        #expect(refuses(#"{"a": "x\\", "a": 2}"#))  // a value ending in an escaped backslash
        #expect(refuses(#"{"é": 1, "\u00e9": 2}"#))  // a raw UTF-8 key and its escaped spelling
    }

    @Test func distinctKeysAndStringsThatLookLikeKeysPass() {
        #expect(!refuses(#"{"a": 1, "b": {"a": 2}, "c": [{"a": 3}, {"a": 4}]}"#))
        #expect(!refuses(#"{"a": "a", "b": ["a", "a"], "c": "\"a\": 1, \"a\""}"#))
        #expect(!refuses(#"["a", "a", {"a": 1}]"#))
        #expect(!refuses(#"{"a\\": 1, "a": 2}"#))
    }

    @Test func deepNestingIsRefusedAndMalformedTextDoesNotTrap() throws {
        #expect(refuses(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)))
        for text in ["", "{", "}", "\"", "\"\\", "\"\\u12", "{\"a\":1,,\"a\"", "]]]]{{", "{\"\\uZZZZ\": 1}"] {
            _ = try? StrictJSON.check(Data(text.utf8), path: "t.json")
        }
        let error = #expect(throws: FormatError.self) { try StrictJSON.decode([String: Int].self, from: Data(#"{"k": 1, "k": 2}"#.utf8), path: "p.json") }
        #expect(error?.description.contains("p.json") == true)
        #expect(error?.description.contains("\"k\" appears twice") == true)
    }

    /// Invalid UTF-8 is refused wherever it is, also inside a string the decoder would skip
    /// (the hostile-input campaign's mutant #1226 flipped a bit in a verification key's ignored
    /// vk_alphabeta_12 and verify accepted); valid multi-byte text passes.
    @Test func refusesInvalidUTF8() {
        var bytes = Array(#"{"ignored": ["12345"], "k": "é€😀"}"#.utf8)
        #expect((try? StrictJSON.check(Data(bytes), path: "t.json")) != nil)
        bytes[14] ^= 0x80  // '1' → 0xb1, a lone continuation byte
        let error = #expect(throws: FormatError.self) { try StrictJSON.check(Data(bytes), path: "t.json") }
        #expect(error?.description == "t.json: not valid UTF-8 text (byte 14)")
        #expect(refuses("{\"k\": \"\u{FFFD}\"}") == false)
        #expect((try? StrictJSON.check(Data([0x22, 0xc3, 0x22]), path: "t.json")) == nil)  // truncated sequence
    }
}

@Suite struct ArtifactSetTests {
    let folders = TemporaryFolders()

    func folder() throws -> URL { try folders.make("artifact-set") }
    func read(_ folder: URL, _ name: String) -> String? {
        FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { String(decoding: $0, as: UTF8.self) }
    }
    func names(_ folder: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() }

    @Test func commitReplacesEveryFileAndLeavesNoTemporaries() throws {
        let dir = try folder()
        var old = try ArtifactSet(in: dir)
        try old.add("a", Data("old a".utf8))
        try old.add("b", Data("old b".utf8), permissions: 0o600)
        try old.commit()
        var new = try ArtifactSet(in: dir)
        try new.add("a", Data("new a".utf8))
        try new.add("b", Data("new b".utf8))
        try new.commit()
        #expect(read(dir, "a") == "new a" && read(dir, "b") == "new b")
        #expect(try names(dir) == ["a", "b"])
        let mode = try FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("b").path)[.posixPermissions] as? Int
        #expect(mode == 0o600 || mode == 0o644)  // the mode of whichever commit created it last
    }

    /// A writer killed after its journal was written (the commit point) but before all its
    /// renames: the next reader finishes the commit, so the new set appears whole.
    @Test func interruptedAfterCommitPointRollsForward() throws {
        let dir = try folder()
        var old = try ArtifactSet(in: dir)
        try old.add("a", Data("old a".utf8))
        try old.add("b", Data("old b".utf8))
        try old.commit()
        // Simulate: stage the new files, write the journal, do the first rename only.
        let ta = ".a.tmp-999999-x", tb = ".b.tmp-999999-y"
        try Data("new a".utf8).write(to: dir.appendingPathComponent(ta))
        try Data("new b".utf8).write(to: dir.appendingPathComponent(tb))
        try Data(#"{"renames":[{"from":"\#(ta)","to":"a"},{"from":"\#(tb)","to":"b"}]}"#.utf8)
            .write(to: dir.appendingPathComponent(ArtifactSet.journalName))
        #expect(rename(dir.appendingPathComponent(ta).path, dir.appendingPathComponent("a").path) == 0)
        #expect(read(dir, "a") == "new a" && read(dir, "b") == "old b")  // the mix a kill leaves
        try ArtifactSet.recover(in: dir)
        #expect(read(dir, "a") == "new a" && read(dir, "b") == "new b")
        #expect(try names(dir) == ["a", "b"])
    }

    /// A writer killed before its journal: the old set stays, and the dead writer's
    /// temporary files are removed by the next writer or reader; a live writer's are kept.
    @Test func interruptedBeforeCommitPointKeepsOldSetAndCleansUp() throws {
        let dir = try folder()
        var old = try ArtifactSet(in: dir)
        try old.add("a", Data("old a".utf8))
        try old.commit()
        try Data("half".utf8).write(to: dir.appendingPathComponent(".a.tmp-999999-dead"))  // no such process
        try Data("live".utf8).write(to: dir.appendingPathComponent(".a.tmp-\(getpid() == 1 ? 2 : 1)-live"))  // PID 1 runs
        try ArtifactSet.recover(in: dir)
        #expect(read(dir, "a") == "old a")
        #expect(try names(dir) == [".a.tmp-\(getpid() == 1 ? 2 : 1)-live", "a"])
    }

    @Test func damagedJournalIsAnErrorNamingTheFolder() throws {
        let dir = try folder()
        try Data("{not json".utf8).write(to: dir.appendingPathComponent(ArtifactSet.journalName))
        let error = #expect(throws: FormatError.self) { try ArtifactSet.recover(in: dir) }
        #expect(error?.problem.contains("damaged commit journal") == true)
        try Data(#"{"renames":[{"from":"../x","to":"a"}]}"#.utf8).write(to: dir.appendingPathComponent(ArtifactSet.journalName))
        #expect(throws: FormatError.self) { try ArtifactSet.recover(in: dir) }
    }

    @Test func atomicWriteReplacesAndReadRefusesFoldersAndLimits() throws {
        let dir = try folder()
        let url = dir.appendingPathComponent("f")
        try writeAtomically(Data("one".utf8), to: url)
        try writeAtomically(Data("two".utf8), to: url)
        #expect(read(dir, "f") == "two")
        #expect(try names(dir) == ["f"])
        #expect(throws: FormatError.self) { try readFileData(dir) }
        #expect(throws: FormatError.self) { try readFileData(url, limit: 2) }
        #expect(throws: FormatError.self) { try readFileData(dir.appendingPathComponent("missing")) }
        #expect(throws: FormatError.self) { try writeAtomically(Data(), to: dir.appendingPathComponent("no/such/folder/f")) }
    }
}

/// SHA-256 against Python's hashlib (the digests below), for arrays and Data, empty included.
@Suite struct SHA256Tests {
    @Test func matchesHashlib() {
        #expect(sha256Hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(sha256Hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let bytes = (0..<200).map { UInt8($0) }
        #expect(sha256Hex(Data(bytes)) == "1901da1c9f699b48f6b2636e65cbf73abf99d0441ef67f5c540a42f7051dec6f")
        #expect(sha256(bytes) == sha256(Data(bytes)) && sha256(bytes).count == 32)
        // 1 MB of 0x61 ('a'), beyond any single internal block: hashlib.sha256(b"a" * 10**6).
        #expect(sha256Hex(Data(repeating: 0x61, count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}

