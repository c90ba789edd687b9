//! Folders readable by the person's account only.
//!
//! Windows gives a new folder the entries of its parent, so another account on the computer (a
//! family member with their own login) may be able to list or read it. [`owner_only`] replaces
//! the folder's list with one entry, full control for the current user, inherited by everything
//! inside, and stops inheritance from the parent (a "protected" list).

use std::io;
use std::path::Path;

use windows::core::{PCWSTR, PWSTR};
use windows::Win32::Foundation::{CloseHandle, LocalFree, HANDLE, HLOCAL};
use windows::Win32::Security::Authorization::{
    GetNamedSecurityInfoW, SetEntriesInAclW, SetNamedSecurityInfoW, EXPLICIT_ACCESS_W, NO_MULTIPLE_TRUSTEE, SET_ACCESS,
    SE_FILE_OBJECT, TRUSTEE_IS_SID, TRUSTEE_IS_USER, TRUSTEE_W,
};
use windows::Win32::Security::{
    AclSizeInformation, EqualSid, GetAce, GetAclInformation, GetTokenInformation, TokenUser, ACCESS_ALLOWED_ACE, ACL,
    ACL_SIZE_INFORMATION, DACL_SECURITY_INFORMATION, PROTECTED_DACL_SECURITY_INFORMATION, PSECURITY_DESCRIPTOR, PSID,
    SUB_CONTAINERS_AND_OBJECTS_INHERIT, TOKEN_QUERY, TOKEN_USER,
};
use windows::Win32::Storage::FileSystem::FILE_ALL_ACCESS;
use windows::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

use crate::wide::{check, wide, win32};

/// `ACCESS_ALLOWED_ACE_TYPE`.
const ACCESS_ALLOWED: u8 = 0;

/// Makes `path` (a folder or a file) readable and writable by the current user only, and what
/// is created inside it too.
pub fn owner_only(path: &Path) -> io::Result<()> {
    let user = CurrentUser::get()?;
    let acl = owner_only_list(&user)?;
    let wide = wide(path);
    // SAFETY: `wide` is a NUL-terminated path; the list is valid until `acl` is dropped.
    check(unsafe {
        SetNamedSecurityInfoW(
            PCWSTR(wide.as_ptr()),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            None,
            None,
            Some(acl.0 as *const ACL),
            None,
        )
    })
}

/// Whether the list [`owner_only`] sets holds exactly one entry, allowing the current user
/// full access, inherited by folders and files inside. Checks the list as built, which Wine
/// (where the suites run here) can make but does not keep on files.
pub fn owner_only_list_is_right() -> io::Result<bool> {
    let user = CurrentUser::get()?;
    let acl = owner_only_list(&user)?;
    Ok(sole_entry(acl.0.cast(), &user)? == Some((FILE_ALL_ACCESS.0, SUB_CONTAINERS_AND_OBJECTS_INHERIT.0 as u8)))
}

/// Whether `path`'s access list holds exactly one entry, allowing the current user, and none
/// inherited from its parent: what [`owner_only`] leaves on Windows.
pub fn is_owner_only(path: &Path) -> io::Result<bool> {
    let user = CurrentUser::get()?;
    let wide = wide(path);
    let mut dacl: *mut ACL = std::ptr::null_mut();
    let mut descriptor = PSECURITY_DESCRIPTOR::default();
    // SAFETY: out-pointers to locals; the descriptor (which holds the list) is freed below.
    check(unsafe {
        GetNamedSecurityInfoW(
            PCWSTR(wide.as_ptr()),
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION,
            None,
            None,
            Some(&mut dacl),
            None,
            &mut descriptor,
        )
    })?;
    let _descriptor = Local(descriptor.0);
    if dacl.is_null() {
        return Ok(false); // no list at all: everyone may open it
    }
    Ok(sole_entry(dacl, &user)?.is_some_and(|(_, flags)| flags & INHERITED == 0))
}

/// `INHERITED_ACE`: the entry came from the parent folder.
const INHERITED: u8 = 0x10;

/// The one-entry list for the current user.
fn owner_only_list(user: &CurrentUser) -> io::Result<Local> {
    let entry = EXPLICIT_ACCESS_W {
        grfAccessPermissions: FILE_ALL_ACCESS.0,
        grfAccessMode: SET_ACCESS,
        grfInheritance: SUB_CONTAINERS_AND_OBJECTS_INHERIT,
        Trustee: TRUSTEE_W {
            pMultipleTrustee: std::ptr::null_mut(),
            MultipleTrusteeOperation: NO_MULTIPLE_TRUSTEE,
            TrusteeForm: TRUSTEE_IS_SID,
            TrusteeType: TRUSTEE_IS_USER,
            ptstrName: PWSTR(user.sid().0.cast()),
        },
    };
    let mut acl: *mut ACL = std::ptr::null_mut();
    // SAFETY: `entry` points at the SID in `user`, alive for the call; `acl` receives a list
    // that LocalAlloc made, freed when the returned value is dropped.
    check(unsafe { SetEntriesInAclW(Some(&[entry]), None, &mut acl) })?;
    Ok(Local(acl.cast()))
}

/// If `acl` holds exactly one entry and it allows `user`, its access mask and flags.
fn sole_entry(acl: *const ACL, user: &CurrentUser) -> io::Result<Option<(u32, u8)>> {
    let mut size = ACL_SIZE_INFORMATION::default();
    // SAFETY: `acl` is a valid list owned by the caller for the duration of this call.
    unsafe {
        GetAclInformation(
            acl,
            (&raw mut size).cast(),
            std::mem::size_of::<ACL_SIZE_INFORMATION>() as u32,
            AclSizeInformation,
        )
    }
    .map_err(win32)?;
    if size.AceCount != 1 {
        return Ok(None);
    }
    let mut ace: *mut core::ffi::c_void = std::ptr::null_mut();
    // SAFETY: index 0 exists (AceCount is 1); the entry lives inside the list.
    unsafe { GetAce(acl, 0, &mut ace) }.map_err(win32)?;
    let ace = ace.cast::<ACCESS_ALLOWED_ACE>();
    // SAFETY: every entry starts with its header; an allowed entry's SID starts at SidStart.
    let (kind, flags, mask, sid) = unsafe {
        let header = (*ace).Header;
        (header.AceType, header.AceFlags, (*ace).Mask, PSID((&raw mut (*ace).SidStart).cast()))
    };
    // SAFETY: both SIDs are valid for the call.
    let same = unsafe { EqualSid(sid, user.sid()) }.is_ok();
    Ok((kind == ACCESS_ALLOWED && same).then_some((mask, flags)))
}

/// The current process's user, from its token.
struct CurrentUser {
    buffer: Vec<u64>,
}

impl CurrentUser {
    fn get() -> io::Result<Self> {
        let mut token = HANDLE::default();
        // SAFETY: the pseudo-handle of this process needs no closing; `token` is closed below.
        unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) }.map_err(win32)?;
        let token = Handle(token);
        let mut needed = 0u32;
        // SAFETY: asking for the size only (no buffer).
        let _ = unsafe { GetTokenInformation(token.0, TokenUser, None, 0, &mut needed) };
        let mut buffer = vec![0u64; (needed as usize).div_ceil(8).max(1)];
        // SAFETY: `buffer` is at least `needed` bytes and 8-byte aligned.
        unsafe { GetTokenInformation(token.0, TokenUser, Some(buffer.as_mut_ptr().cast()), needed, &mut needed) }
            .map_err(win32)?;
        Ok(CurrentUser { buffer })
    }

    fn sid(&self) -> PSID {
        // SAFETY: the buffer holds a TOKEN_USER whose SID points inside the same buffer.
        unsafe { (*self.buffer.as_ptr().cast::<TOKEN_USER>()).User.Sid }
    }
}

struct Handle(HANDLE);

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: a handle this module opened, closed once.
        let _ = unsafe { CloseHandle(self.0) };
    }
}

/// Memory the system allocated with LocalAlloc.
struct Local(*mut core::ffi::c_void);

impl Drop for Local {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: memory the system gave us to free with LocalFree, freed once.
            unsafe { LocalFree(Some(HLOCAL(self.0))) };
        }
    }
}
